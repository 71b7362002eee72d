"""What a story page reads from the cache, named as soon as the story is routed.

A story page looks up a dozen cached things one after another: the
publication's and the access settings, whether the story has view
restrictions, the section navigation, the branding, the ids of the picks and
of Trending, and the story's own parts. Each lookup alone is a round trip to
the cache. ``prefetch_story_page`` names them all when ``HomePage.route`` has
found the story, so they come back in one round trip with the content and
reference versions (``content_version.prefetch``); the lookups then answer
from that reading, each checking the version as before.

The story's parts depend on the reader's variant, known once the access
decision is made: for a free story it is "public" (unless the archive rule
holds it back, when the decision fetches the right ones: ``access.wagtail_hooks``),
for a gated one the decision fetches them.
"""

from __future__ import annotations

from wagtail.models import Site

from herald.access.models import AccessSettings
from herald.access.readers import may_be_signed_in
from herald.articles import fragments
from herald.articles.access_levels import AccessLevel
from herald.core import content_version
from herald.discovery import versions
from herald.discovery.templatetags.herald_discovery import plan_keys
from herald.newsroom.models import PERMISSIONS_KEY, PublicationSettings, admin_access_key
from herald.site.context_processors import NAVIGATION_KEY
from herald.site.templatetags.herald_branding import branding_key

PREFETCHED_COUNTERS = (content_version.KEY, content_version.REFERENCES_KEY, *versions.COUNTERS)


def story_page_keys(request, site, story) -> list[str]:
    """The cache keys the page of ``story`` reads, as far as they are known before the
    access decision."""
    keys = [
        AccessSettings.cache_key(site.pk), PublicationSettings.cache_key(site.pk),
        story.view_restriction_key(), NAVIGATION_KEY, branding_key(site.pk),
        *plan_keys(site.pk, story.desk_id, story.pk),
    ]
    if story.access == AccessLevel.FREE:
        keys += fragments.part_keys(request, story, readers="public", everyones="public")
    return keys


def prefetch_story_page(request, story) -> None:
    """Read what the page of ``story`` will look up, in one round trip; for a signed-in
    reader, with whether they may use the admin (``may_use_admin``)."""
    site = Site.find_for_request(request)
    if site is None:
        return
    keys, counters = story_page_keys(request, site, story), [*PREFETCHED_COUNTERS]
    user = getattr(request, "user", None)
    if may_be_signed_in(request) and user is not None and user.is_authenticated:
        keys.append(admin_access_key(user))
        counters.append(PERMISSIONS_KEY)
    content_version.prefetch(keys, counters)
