"""What the discovery blocks' lists are kept under, and what changes each.

The three blocks (More, Editor's Picks, Trending) list stories. What a block
shows is fixed by the stories it lists at their live revisions (their
headlines, openings, labels) and by what those refer to (desks, addresses:
the reference version), so each block's HTML is kept by exactly that
(``herald_discovery``): publishing a story the block does not list leaves it
as it is.

Which stories a block lists is kept under a counter of its own, changed only
by what can change that list, instead of by every publish:

* ``PICKS``: the picks themselves (``EditorsPick``, ``EditorsPicks``), and the
  publishing or unpublishing of a picked story;
* ``TRENDING``: the publishing or unpublishing of a story Trending lists now
  (otherwise the ranking, which follows reads, is kept for a minute);
* ``RELATED``: the publishing or unpublishing of any story (any story's More
  may list it), and the background tasks that rewrite the stored lists.
"""

from __future__ import annotations

from herald.core import content_version
from herald.discovery.models import EditorsPick

PICKS = "herald:picks-version"
TRENDING = "herald:trending-version"
RELATED = "herald:related-version"
COUNTERS = (PICKS, TRENDING, RELATED)
TRENDING_KEY = "listed:trending"


def picks_key(site_id, desk_id) -> str:
    """Where the picks shown on a site's pages (of a desk's stories: desk_id) are kept."""
    return f"listed:picks:{site_id}:{desk_id}"


def more_key(story_id) -> str:
    """Where a story's stored related stories (live ones, with their revisions) are kept."""
    return f"listed:more:{story_id}"


def story_changed(story_id: int) -> None:
    """A story was published (a new revision) or unpublished: change the lists that hold it."""
    content_version.bump(RELATED)
    if EditorsPick.objects.filter(article_id=story_id).exists():
        content_version.bump(PICKS)
    _, found = content_version.lookup([TRENDING_KEY], TRENDING)
    if any(pk == story_id for pk, _ in found.get(TRENDING_KEY, ())):
        content_version.bump(TRENDING)


def related_lists_changed() -> None:
    """The stored related stories were rewritten (``tasks``)."""
    content_version.bump(RELATED)


def picks_changed(sender, **kwargs) -> None:
    content_version.bump(PICKS)
