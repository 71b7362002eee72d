"""A story's rendered parts, cached per revision.

What a story page shows that does not change from one request to the next —
the body as each kind of reader gets it, the metadata in the head, the byline,
the topics and corrections, the "How we reported this" box — is rendered once
per live revision and kept in the shared cache under the *reference version*
(``herald.core.content_version``):

* publishing the story makes a new live revision, hence new keys: the next
  request renders the new text;
* a change to something the story refers to outside its revision (its desk,
  a credited person, a topic, a picture, an address) bumps the reference
  version, and every story renders its parts afresh;
* publishing *another* story changes neither, so the first request after it
  re-renders only the blocks that list other stories (More, Picks, Trending).

Each part is kept per **variant**, the text a reader is entitled to, named by
the access decision (``Decision.cache_variant``): ``public`` (a story open to
everyone), ``cut`` (the opening a reader without access gets) or ``full``
(the whole of a gated story); parts the same for every reader use ``any``.
The variant is part of the key, never something read from the value, so a
part rendered for one variant is never served for another. Gated variants
whose files go out at signed addresses carry the addresses' epoch as well
(``article_media.MEDIA_ADDRESS_EPOCH``), whatever the part.

An editor's preview (unsaved text) is never cached, nor read from the cache;
nor is a page without a live revision.

``PARTS`` names every part a story page shows and whose text it is; once the
page knows the variants, ``prefetch`` reads them all in one round trip.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import prefetch_related_objects

from herald.articles.templatetags.article_media import media_epoch
from herald.core import content_version

PART_SECONDS = 24 * 3600
VARIANTS = frozenset({"public", "cut", "full", "any"})
# Whose text each part of a story page is: the same for every reader ("any"), the
# reader's variant (their decision's ``cache_variant``) or what every reader may read
# (the public decision's: "public" or "cut").
ANY, READERS, EVERYONES = "any", "reader's", "everyone's"
PARTS = {
    "head": READERS,  # canonical, Open Graph, JSON-LD (herald_syndication)
    "header": ANY,  # kicker, headline, standfirst, byline (herald_site)
    "lead": ANY,  # the lead picture (herald_site)
    "body": READERS,  # (herald_site)
    "footer": ANY,  # topics, corrections (herald_site)
    "how-we-reported": EVERYONES,  # the validation box (herald_reporting)
    "author-box": ANY,  # the desk's box (herald_site)
}
# What the parts read beside the revision's own fields; fetched once for all of them.
RELATIONS = ("authors", "topics", "corrections")


def is_preview(request) -> bool:
    """An editor's preview of unsaved changes: its renderings must never reach readers."""
    return getattr(request, "is_preview", False)


def part_key(page, part: str, variant: str, request=None) -> str | None:
    """The cache key of ``part`` of the live ``page`` for ``variant``; None: not cached."""
    if variant not in VARIANTS:
        raise ValueError(f"unknown story variant {variant!r}; use one of {sorted(VARIANTS)}")
    if page.pk is None or page.live_revision_id is None or is_preview(request):
        return None
    published = int(page.first_published_at.timestamp()) if page.first_published_at else 0
    epoch = media_epoch(request)
    return (f"story:{page.pk}:r{page.live_revision_id}:p{published}:{part}:{variant}"
            + (f":media-{epoch}" if epoch else ""))


def part_keys(request, page, *, readers: str, everyones: str) -> list[str]:
    """The keys of every part in ``PARTS`` for a reader whose variant is ``readers``
    when everyone's is ``everyones``; none for a preview or a page without a live revision."""
    variants = {ANY: "any", READERS: readers, EVERYONES: everyones}
    keys = [part_key(page, part, variants[whose], request) for part, whose in PARTS.items()]
    return [key for key in keys if key is not None]


def prefetch(request, page, *, readers: str, everyones: str) -> None:
    """Read every part of ``page`` this request will show, in one round trip
    (``content_version.prefetch``; parts read already are not read again)."""
    content_version.prefetch(part_keys(request, page, readers=readers, everyones=everyones))


def story_part(request, page, part: str, variant: str, render: Callable[[], str]) -> str:
    """``render()``'s HTML for ``part`` of ``page`` as ``variant`` readers get it,
    cached per live revision while the reference version holds."""
    key = part_key(page, part, variant, request)

    def fresh() -> str:
        if not is_preview(request):  # a preview's in-memory relations are left as they are
            prefetch_relations(page)
        return str(render())

    if key is None:
        return fresh()
    return content_version.cached(key, PART_SECONDS, fresh, content_version.REFERENCES_KEY)


def openings(stories) -> dict[int, str]:
    """Each story's opening words (``ArticlePage.opening_words``, which reads the whole
    body), kept per live revision: one round trip for all of them.

    Only for stories read from the database, never an editor's preview.
    """
    keys = {story.pk: part_key(story, "opening", "any") for story in stories}
    version, found = content_version.lookup([key for key in keys.values() if key],
                                            content_version.REFERENCES_KEY)
    words = {}
    for story in stories:
        key = keys[story.pk]
        if key in found:
            words[story.pk] = found[key]
        else:
            words[story.pk] = story.opening_words()
            if key is not None:
                content_version.store(key, version, words[story.pk], PART_SECONDS)
    return words


def prefetch_relations(page) -> None:
    """The credited people, topics and corrections in one query each, for every part
    rendered in this request."""
    if page.pk is not None:
        prefetch_related_objects([page], *RELATIONS)
