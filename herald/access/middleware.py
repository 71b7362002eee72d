"""Serve gated stories to readers without a session, cheaply and per entitlement.

Sits just before ``herald.site.cache.AnonymousPageCacheMiddleware``. Pages
every reader gets alike (free stories, desks, the home page) go straight on to
the page cache: this middleware costs them one dictionary lookup.

A gated story (metered, members-only, or under the archive rule) differs per
reader, so it is never stored in the shared page cache (its responses are
marked private). This worker remembers, per path, the facts of the gated
stories it has served, under the content version they were read at. For a
reader without a session it decides from those facts and the meter cookie
(``entitlement.first_look``) and fetches, in one cache round trip, the
content version and the page variant (full or cut) the reader is entitled to,
plus the server's copy of the meter when the read would count; then answers
with that page, rendering and storing it on a miss. With Redis, a read that
would count is one atomic script (``meter.claim_with_page``): it reads the
meter, counts the read if the meter has room, and returns the version and the
page for the outcome. Without Redis the count is a second trip (a set). A
changed content version (publishing, settings) makes it forget the story and
let the view decide afresh.

On the way out, for every reader, it refreshes the meter cookie (or takes
back a read counted for a page that was not served), and marks gated
responses private for every cache between here and the reader.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers

from herald.access import meter
from herald.access.entitlement import Rules, decide, first_look
from herald.access.policy import StoryFacts
from herald.access.readers import ANONYMOUS, may_be_signed_in
from herald.core import content_version
from herald.core.page_keys import page_address, replay, storable, store_response

MAX_REMEMBERED = 5000
SKIPPED_HEADERS = {"set-cookie", "date", "x-herald-cache", "cache-control", "vary"}

# (host, path) -> (content version, story facts, rules): gated stories this worker served.
_gated_stories: dict[tuple[str, str], tuple[int, StoryFacts, Rules]] = {}


def page_key(request, variant: str) -> str | None:
    """The cache key of this request's page in ``variant`` (full or cut); None: not cached."""
    try:
        address = request._herald_page_address  # the address is worked out once per request
    except AttributeError:
        address = request._herald_page_address = page_address(request)
    return None if address is None else f"access:page:{address}#{variant}"


def _storable(response) -> bool:
    """Like the page cache's rule, except that gated pages are private by design."""
    return storable(response, allow_private=True)


def _store(request, key: str | None, version: int, response) -> None:
    if key is None or not _storable(response):
        return
    store_response(key, version, response, settings.HERALD_PAGE_CACHE_SECONDS,
                   skipped=SKIPPED_HEADERS)


class AccessMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        place = None
        if (
            request.method in ("GET", "HEAD")
            and not may_be_signed_in(request)
            and settings.HERALD_PAGE_CACHE_SECONDS > 0
        ):
            place = (request.get_host(), request.path)
            remembered = _gated_stories.get(place)
            if remembered is not None:
                response = self._serve_gated(request, place, *remembered)
                if response is not None:
                    return self._finish(request, response)
        response = self.get_response(request)
        if place is not None:
            self._learn(request, place, response)
        return self._finish(request, response)

    def _serve_gated(self, request, place, version_seen, story, rules):
        now = timezone.now()
        reads, provisional = first_look(request, story, ANONYMOUS, rules, now)
        redis = meter.redis_store() if provisional.counts else None
        if redis is not None:
            # A new read, with Redis: the server's copy of the meter (the cookie may
            # have been deleted), the decision to count and the count, the content
            # version and the page for the outcome, in one atomic round trip.
            pages = (page_key(request, "full"), page_key(request, "cut"))
            reads, version, found = meter.claim_with_page(
                redis, request, ANONYMOUS, now, reads, story.id, rules.meter_limit,
                count=request.method == "GET", version=(content_version.KEY, version_seen),
                pages=pages if pages[0] else None,  # None: a query too long to cache
            )
            if version != version_seen:
                _gated_stories.pop(place, None)  # changed since: the view decides afresh
                return None
            context = decide(request, story, ANONYMOUS, rules, reads=reads, precomputed=True,
                             now=now)
            key = page_key(request, context.decision.variant)
            entry = found.get(key)  # the script fetched the page for its own outcome
        else:
            context, version, key, entry = self._look_up(request, place, version_seen, story,
                                                         rules, reads, provisional, now)
            if context is None:
                return None
        if isinstance(entry, tuple) and entry[0] == version:
            return replay(entry[1])
        with content_version.pinned(version):
            response = self.get_response(request)
        if request.herald_access is not context:
            # The view saw other facts than this worker remembered: learn them again.
            _gated_stories.pop(place, None)
        else:
            _store(request, key, version, response)
        return response

    @staticmethod
    def _look_up(request, place, version_seen, story, rules, reads, provisional, now):
        """The decision, the content version and the page (key, entry) without Redis's
        one-step claim: a get_many, and the meter's count after it."""
        # A new read needs the server's copy of the meter too (the cookie may have
        # been deleted); it comes in the same trip as the page the cookie points to.
        meter_keys = meter.server_keys(request, ANONYMOUS, now) if provisional.counts else []
        key = page_key(request, provisional.variant)
        wanted = [content_version.KEY, *([key] if key else [])]
        if not meter_keys:
            found = cache.get_many(wanted)
        elif meter.store_alias() == "default":
            found = cache.get_many([*wanted, *meter_keys])  # one round trip
        else:
            found = {**cache.get_many(wanted), **meter.store().get_many(meter_keys)}
        version = found.get(content_version.KEY)
        if version != version_seen:
            _gated_stories.pop(place, None)  # changed since: the view decides afresh
            return None, None, None, None
        if meter_keys:
            reads = meter.reads_from(reads, meter_keys, found)
        # decide() counts a new read on the meter's copy it was given.
        context = decide(request, story, ANONYMOUS, rules, reads=reads, precomputed=True,
                         now=now)
        if context.decision.variant != provisional.variant:
            # The server's copy says the meter is used up (the cookie was deleted):
            # the other page, in a second trip on this rare path.
            key = page_key(request, context.decision.variant)
            found = cache.get_many([key]) if key else {}
        return context, version, key, (found.get(key) if key else None)

    @staticmethod
    def _learn(request, place, response) -> None:
        """Remember a gated story the view just decided on, and keep its page, for the next reader."""
        context = getattr(request, "herald_access", None)
        if context is None or context.decision.public or context.version is None:
            return
        if len(_gated_stories) >= MAX_REMEMBERED:
            _gated_stories.clear()
        _gated_stories[place] = (context.version, context.story, context.rules)
        _store(request, page_key(request, context.decision.variant), context.version, response)

    @staticmethod
    def _finish(request, response):
        context = getattr(request, "herald_access", None)
        if context is None:
            return response
        if not context.decision.public:
            # Pages served from this middleware's entries carry neither header yet.
            if "Cache-Control" in response:
                patch_cache_control(response, private=True)
            else:
                response.headers["Cache-Control"] = "private"
            if "Vary" in response:
                patch_vary_headers(response, ("Cookie",))
            else:
                response.headers["Vary"] = "Cookie"
        reads = context.reads
        if reads is None:
            return response
        if response.status_code != 200:
            # The read was counted when it was decided, but the story was not served.
            context.reads = meter.release(reads, timezone.now())
            return response
        entries = meter.remember(reads, reads.counted, timezone.now())
        if entries != reads.cookie:
            meter.set_cookie(response, entries)
        return response
