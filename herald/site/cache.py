"""Whole-page cache for readers without a session.

Every anonymous reader gets the same bytes for a page, so the response is
cached under the content version (see herald.core.content_version): a
publish, unpublish or correction changes the version and the next request
renders afresh. Requests with a session cookie (signed-in readers, editors)
and responses that set cookies or say private/no-cache are never cached.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse

from herald.core import content_version

UNCACHED_PREFIXES = ("/admin/", "/healthz", "/views/", "/subscribe/", "/documents/", "/static/", "/media/", "/letters/")
KEPT_HEADERS = ("Content-Type", "Content-Language", "Link", "Last-Modified")


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def _key(self, request, version) -> str | None:
        if request.method not in ("GET", "HEAD"):
            return None
        if settings.SESSION_COOKIE_NAME in request.COOKIES or request.path.startswith(UNCACHED_PREFIXES):
            return None
        query = request.META.get("QUERY_STRING", "")
        if len(query) > 200:
            return None
        return f"page:{version}:{request.get_host()}:{request.path}?{query}"

    def __call__(self, request):
        if settings.HERALD_PAGE_CACHE_SECONDS <= 0:
            return self.get_response(request)
        key = self._key(request, content_version.current())
        if key is None:
            return self.get_response(request)
        cached = cache.get(key)
        if cached is not None:
            status, headers, content = cached
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response.headers[name] = value
            response.headers["X-Herald-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if self._cacheable(response):
            headers = [(n, response.headers[n]) for n in KEPT_HEADERS if n in response.headers]
            cache.set(key, (response.status_code, headers, response.content),
                      settings.HERALD_PAGE_CACHE_SECONDS)
            response.headers["X-Herald-Cache"] = "miss"
        return response

    @staticmethod
    def _cacheable(response) -> bool:
        if response.status_code != 200 or response.streaming or response.cookies:
            return False
        control = response.headers.get("Cache-Control", "")
        return not any(word in control for word in ("private", "no-cache", "no-store"))
