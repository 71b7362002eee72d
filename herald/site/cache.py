"""Whole-page cache for readers without a session.

Every anonymous reader gets the same bytes for a page, so the response is
cached with the content version it was rendered under (see
herald.core.content_version) and served only while that version is still the
current one: a publish, unpublish or correction changes the version and the
next request renders afresh. The version and the page come back from the
cache in one round trip, and a hit builds its response from stored bytes
without touching the database, the session or the templates.

Requests with a session cookie (signed-in readers, editors) and responses
that set cookies, say private/no-cache/no-store or vary on anything but the
cookie are never cached. Gated stories never land here (their pages are marked
private): herald.access's middleware, which runs before this one, caches their
cut and full pages apart and serves each reader the one they are entitled to.
"""

from __future__ import annotations

from django.conf import settings

from herald.access.readers import may_be_signed_in
from herald.core import content_version
from herald.core.page_keys import page_address, replay, storable, store_response

UNCACHED_PREFIXES = (
    "/admin/", "/healthz", "/views/", "/meter/", "/subscribe/", "/documents/", "/static/", "/media/",
    "/letters/",
)
# Headers the inner middleware and the view add; the outer middleware adds its own
# to hits and misses alike.
SKIPPED_HEADERS = {"set-cookie", "date", "x-herald-cache"}


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = settings.HERALD_PAGE_CACHE_SECONDS
        key = self.key_for(request) if seconds > 0 else None
        if key is None:
            with content_version.pinned():  # fragments read the version once between them
                return self.get_response(request)
        version, found = content_version.lookup([key])
        if key in found:
            return replay(found[key])
        with content_version.pinned(version):
            response = self.get_response(request)
        if self.cacheable(response):
            store_response(key, version, response, seconds, skipped=SKIPPED_HEADERS)
        return response

    @staticmethod
    def key_for(request) -> str | None:
        """The cache key of the page this request asks for, or None when it is not cached."""
        if request.method not in ("GET", "HEAD"):
            return None
        if may_be_signed_in(request):
            return None
        path = request.path
        if path.startswith(UNCACHED_PREFIXES):
            return None
        address = page_address(request)
        if address is None:
            return None
        return f"page:{address}"

    @staticmethod
    def cacheable(response) -> bool:
        return storable(response)
