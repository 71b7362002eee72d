"""The files of gated stories: signed, expiring addresses, and a public address that refuses them.

A picture or a sound file of a gated story is part of what the paywall
withholds. Its plain address (``/media/<name>``) would work for anyone, for
ever, once known, so:

- a gated story's page gives its files as **signed addresses**
  (``/media-signed/<token>/<name>``), good for at least
  ``HERALD_SIGNED_MEDIA_SECONDS`` (``signed_address``, ``check``);
- the plain address refuses a file that a gated story uses and no page open to
  everyone shows (``verdict_for``); files only free stories use stay public.

Which pages use a picture or a document comes from Wagtail's reference index
(figures, choosers, links); on-site addresses typed into a media block are
found in the story bodies. The answer is cached per file under the content
version, so publishing decides afresh, and no longer than until a free story
that shows the file enters the archive.
"""

from __future__ import annotations

import hashlib
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import quote, unquote, urlsplit

from django.conf import settings
from django.core import signing
from django.urls import Resolver404, resolve, reverse

from herald.access.entitlement import public_decision
from herald.articles.models import ArticlePage
from herald.core import content_version
from herald.newsroom.models import is_newsroom_staff

SALT = "herald.access.media"
DEFAULT_SECONDS = 3600
PUBLIC_VERDICT_SECONDS = 24 * 3600  # how long a file's public verdict is cached at most
DOCUMENT_SERVE_VIEW = "wagtaildocs_serve"


class BadAddress(Exception):
    """A signed address that this site did not issue, or issued for another file."""


class ExpiredAddress(Exception):
    """A signed address this site issued, past its time."""


def lifetime() -> int:
    """Seconds a signed address works at least (``HERALD_SIGNED_MEDIA_SECONDS``)."""
    return getattr(settings, "HERALD_SIGNED_MEDIA_SECONDS", DEFAULT_SECONDS)


def expiry(now: float, seconds: int) -> int:
    """When an address issued at ``now`` stops working: at least ``seconds`` later.

    Rounded up to a quarter of ``seconds``, so that pages rendered close
    together give the same address and the reader's browser cache can reuse
    the file.
    """
    step = max(1, seconds // 4)
    return math.ceil((now + seconds) / step) * step


def _signer() -> signing.Signer:
    return signing.Signer(salt=SALT)


def address_epoch(now: float | None = None) -> str:
    """The expiry that addresses signed now carry: pages rendered in one epoch give
    the same addresses, so a rendered body can be cached per epoch."""
    return signing.b62_encode(expiry(time.time() if now is None else now, lifetime()))


def token_for(name: str, now: float | None = None) -> str:
    """``<expiry>.<signature>``: the signature covers the expiry and the storage name."""
    stamp = address_epoch(now)
    return f"{stamp}.{_signer().signature(f'{stamp}/{name}')}"


def signed_url(name: str, now: float | None = None) -> str:
    """The signed, expiring address of the stored file ``name``."""
    return reverse("signed-media", kwargs={"token": token_for(name, now), "name": name})


def check(token: str, name: str, now: float | None = None) -> int:
    """The seconds ``token`` still allows for ``name``; raises BadAddress or ExpiredAddress."""
    stamp, _, signature = token.partition(".")
    try:
        _signer().unsign(f"{stamp}/{name}:{signature}")  # accepts SECRET_KEY_FALLBACKS too
    except signing.BadSignature:
        raise BadAddress from None
    remaining = signing.b62_decode(stamp) - (time.time() if now is None else now)
    if remaining <= 0:
        raise ExpiredAddress
    return math.ceil(remaining)


def storage_name(address: str) -> str | None:
    """The stored file behind an address on this site (``/media/…`` or a Wagtail document), if any."""
    parts = urlsplit(address)
    if parts.scheme not in ("", "http", "https") or (
        parts.netloc and parts.netloc != urlsplit(settings.HERALD_BASE_URL).netloc
    ):
        return None  # another site
    path = parts.path
    if path.startswith(settings.MEDIA_URL):
        return unquote(path[len(settings.MEDIA_URL):]) or None
    if not path.startswith("/"):
        return None
    try:
        match = resolve(unquote(path))
    except Resolver404:
        return None
    if match.url_name != DOCUMENT_SERVE_VIEW:
        return None
    from wagtail.documents import get_document_model

    document_id, filename = match.args
    document = get_document_model().objects.filter(pk=document_id).first()
    if document is None or document.filename != filename:
        return None
    return document.file.name


def signed_address(address: str) -> str:
    """``address`` signed when it names a stored file on this site; any other address as it is."""
    name = storage_name(address)
    return address if name is None else signed_url(name)


def addresses_on_lists(story, request) -> Callable[[str], str]:
    """How a page open to everyone (a story list) gives the addresses of files ``story`` shows.

    As they are for a story every reader may read; signed for a gated story,
    whose files the plain address refuses. A list shows what the story's own
    page shows every reader above its cut (headline, standfirst, lead picture),
    and no more.
    """
    return str if public_decision(story, request).public else signed_address


# Which files the public address refuses.


def may_see_withheld(request) -> bool:
    """Editors see every picture and document in the admin and in previews."""
    return is_newsroom_staff(getattr(request, "user", None))


@dataclass(frozen=True)
class Verdict:
    withheld: bool  # a gated story uses the file and no page open to everyone shows it
    until: float | None = None  # decide again then (a free story showing it enters the archive)


def verdict_for(name: str) -> Verdict:
    """May the plain address serve ``name``? Cached per file under the content version."""
    key = f"access:media:{hashlib.sha256(name.encode()).hexdigest()}"
    version, found = content_version.lookup([key])
    now = time.time()
    verdict = found.get(key)
    if isinstance(verdict, Verdict) and (verdict.until is None or verdict.until > now):
        return verdict
    verdict = decide(name, now)
    seconds = PUBLIC_VERDICT_SECONDS if verdict.until is None else verdict.until - now
    content_version.store(key, version, verdict, max(1, min(PUBLIC_VERDICT_SECONDS, int(seconds))))
    return verdict


def decide(name: str, now: float) -> Verdict:
    """Withheld when a gated story uses the file and nothing open to everyone shows it.

    A gated story is any story whose page is not the same for every reader
    (``policy.Decision.public``), published or not. Open to everyone: a live
    free story not yet in the archive, any other live page, and anything that
    is not a page (a snippet, a setting), which the site shows as it is.
    """
    from django.contrib.contenttypes.models import ContentType
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import Page, ReferenceIndex

    Image = get_image_model()
    renditions = Image.get_rendition_model().objects.filter(file=name).select_related("image")
    # Renditions first: pages ask for them far more often than for originals.
    images = [r.image for r in renditions[:1]] or list(Image.objects.filter(file=name))
    documents = list(get_document_model().objects.filter(file=name))
    page_type = ContentType.objects.get_for_model(Page)
    page_ids: set[int] = set()
    for owner in [*images, *documents]:
        for base_type, object_id in ReferenceIndex.get_references_to(owner).values_list(
            "base_content_type_id", "object_id"
        ):
            if base_type != page_type.pk:
                return Verdict(False)  # a snippet or a setting shows it to everyone
            page_ids.add(int(object_id))
    if not images:
        page_ids |= _pages_naming(name, documents)
    return _verdict_from_pages(page_ids, now)


def _pages_naming(name: str, documents) -> set[int]:
    """Stories whose body gives an address of the file (a media block's on-site address)."""
    from functools import reduce
    from operator import or_

    from django.db.models import Q, TextField
    from django.db.models.functions import Cast

    addresses = {settings.MEDIA_URL + name, settings.MEDIA_URL + quote(name)}
    addresses |= {document.url for document in documents}
    wanted = reduce(or_, [Q(body_text__contains=address) for address in addresses])
    return set(
        ArticlePage.objects.annotate(body_text=Cast("body", TextField()))
        .filter(wanted).values_list("pk", flat=True)
    )


def _verdict_from_pages(page_ids: set[int], now: float) -> Verdict:
    from wagtail.models import Page

    from herald.access.entitlement import rules_for_site, story_facts
    from herald.access.policy import NO_METER, can_read
    from herald.access.readers import ANONYMOUS

    if not page_ids:
        return Verdict(False)
    moment = datetime.fromtimestamp(now, tz=UTC)
    stories = list(ArticlePage.objects.filter(pk__in=page_ids))
    if Page.objects.filter(pk__in=page_ids - {s.pk for s in stories}, live=True).exists():
        return Verdict(False)  # a desk, the home page: the same for every reader
    gated = False
    public_until: list[float | None] = []
    for story in stories:
        facts = story_facts(story)
        archive_days = rules_for_site(story.get_site()).archive_days
        if not can_read(facts, ANONYMOUS, NO_METER, moment, archive_days=archive_days).public:
            gated = True  # the one access decision: not the same page for every reader
        elif story.live:
            enters_archive = (
                (facts.published_at + timedelta(days=archive_days)).timestamp()
                if archive_days > 0 and facts.published_at is not None else None
            )
            public_until.append(enters_archive)
    if public_until:
        return Verdict(False, None if None in public_until else max(public_until))
    return Verdict(gated)
