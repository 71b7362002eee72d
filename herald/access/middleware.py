"""Serve gated stories to readers without a session, cheaply and per entitlement.

Sits just before ``herald.site.cache.AnonymousPageCacheMiddleware``. Pages
every reader gets alike (free stories, desks, the home page) go straight on to
the page cache: this middleware costs them one dictionary lookup.

A gated story (metered, members-only, or under the archive rule) differs per
reader, so it is never stored in the shared page cache (its responses are
marked private). Each worker remembers, per path, the facts of the gated
stories it has served, under the content version they were read at
(``GatedStories``, a bounded cache: forgetting a story only means the view
decides the next time). For a reader without a session it decides from those
facts and the meter cookie (``entitlement.first_look``) and fetches the content
version and the page variant (full or cut) the cookie points to, in one cache
round trip; when the read would count, that trip claims it on the meter too
(``entitlement.claim_read``: the store counts, the policy decides). If the
meter's server copy changes the outcome (the cookie was deleted), the cut
page comes with the trip that takes the refused read back. It answers with that page, rendering and storing it on a miss.
The same steps whatever the cache backend. A changed content version
(publishing, settings) makes it forget the story and let the view decide
afresh.

On the way out, for every reader, it refreshes the meter cookie (or takes
back a read counted for a page that was not served), and marks gated
responses private for every cache between here and the reader.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers

from herald.access import meter
from herald.access.entitlement import Rules, claim_read, decide, first_look
from herald.access.policy import StoryFacts
from herald.access.readers import ANONYMOUS, may_be_signed_in
from herald.core import content_version
from herald.core.page_keys import page_address, replay, storable, store_response

MAX_REMEMBERED = 5000
SKIPPED_HEADERS = {"set-cookie", "date", "x-herald-cache", "cache-control", "vary"}


class GatedStories:
    """(host, path) -> (content version, story facts, rules) of the gated stories this
    worker served, the least recently served dropped past ``limit``.

    A per-worker cache (one per process, shared by its threads and by every
    handler in it): workers may hold different stories, never different facts
    for one version, since an entry is used only while the content version it
    was read at is the current one.
    """

    def __init__(self, limit: int = MAX_REMEMBERED):
        self.limit = limit
        self.entries: OrderedDict[tuple[str, str], tuple[int, StoryFacts, Rules]] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, place):
        with self.lock:
            found = self.entries.get(place)
            if found is not None:
                self.entries.move_to_end(place)
            return found

    def remember(self, place, version: int, story: StoryFacts, rules: Rules) -> None:
        with self.lock:
            self.entries[place] = (version, story, rules)
            self.entries.move_to_end(place)
            while len(self.entries) > self.limit:
                self.entries.popitem(last=False)

    def forget(self, place) -> None:
        with self.lock:
            self.entries.pop(place, None)


GATED_STORIES = GatedStories()


def page_keys(request, host: str | None = None) -> dict[str, str]:
    """The cache keys of this request's page, by variant (full, cut); none: not cached.
    ``host``: ``request.get_host()``, when the caller has it already."""
    address = page_address(request, host=host)
    if address is None:
        return {}
    return {variant: f"access:page:{address}#{variant}" for variant in ("full", "cut")}


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
        self.gated = GATED_STORIES

    def __call__(self, request):
        place = None
        if (
            request.method in ("GET", "HEAD")
            and not may_be_signed_in(request)
            and settings.HERALD_PAGE_CACHE_SECONDS > 0
        ):
            place = (request.get_host(), request.path)
            remembered = self.gated.get(place)
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
        keys = page_keys(request, host=place[0])
        reads, provisional = first_look(request, story, ANONYMOUS, rules, now)
        key = keys.get(provisional.variant)
        wanted = [content_version.KEY, key] if key else [content_version.KEY]
        if provisional.counts:
            # A new read: the server's copy of the meter too (the cookie may have
            # been deleted), the read counted if the policy still says so, and the
            # version and the page in the same round trip where the store can; if
            # the server's copy says the meter is used up, the cut page comes
            # with the trip that takes the read back.
            cut = keys.get("cut")
            reads, decision, found = claim_read(request, story, ANONYMOUS, rules, reads, now,
                                                fetch=wanted,
                                                fetch_if_refused=[cut] if cut else [])
        else:
            decision, found = provisional, cache.get_many(wanted)  # the cookie decides
        version = found.get(content_version.KEY)
        if version != version_seen:
            self.gated.forget(place)  # changed since: the view decides afresh
            if reads is not None:
                meter.release(reads)
            return None
        context = decide(request, story, ANONYMOUS, rules, reads=reads, decision=decision,
                         precomputed=True, now=now)
        if decision.variant != provisional.variant:
            # The server's copy says the meter is used up: the other page (read
            # already when the store refused the read).
            key = keys.get(decision.variant)
            if key and key not in found:
                found = cache.get_many([key])
        entry = found.get(key) if key else None
        if isinstance(entry, tuple) and entry[0] == version:
            return replay(entry[1])
        with content_version.pinned(version):
            response = self.get_response(request)
        if request.herald_access is not context:
            # The view saw other facts than this worker remembered: learn them again.
            self.gated.forget(place)
        else:
            _store(request, key, version, response)
        return response

    def _learn(self, request, place, response) -> None:
        """Remember a gated story the view just decided on, and keep its page, for the next reader."""
        context = getattr(request, "herald_access", None)
        if context is None or context.decision.public or context.version is None:
            return
        self.gated.remember(place, context.version, context.story, context.rules)
        _store(request, page_keys(request, host=place[0]).get(context.decision.variant), context.version,
               response)

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
            context.reads = meter.release(reads)
            return response
        # The cookie is written for the day the read was decided on.
        entries = meter.cookie_entries(reads, context.decided_at or timezone.now())
        if entries != reads.cookie:
            meter.set_cookie(response, entries)
        return response
