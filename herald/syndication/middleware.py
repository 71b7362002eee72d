"""304 answers for responses that carry their own validators, cached or not.

Feeds and sitemaps set ``ETag`` and ``Last-Modified``, and a fresh request
is answered by the view's ``condition`` decorator before anything is built.
Herald's page cache (just inside this middleware) replays a stored feed with
its validators without reaching the view, so the question is asked again here.
Unlike Django's ``ConditionalGetMiddleware`` this never hashes a response that
has no validators of its own: the article page stays as cheap as it was.
"""

from __future__ import annotations

from django.utils.cache import get_conditional_response
from django.utils.http import parse_http_date_safe


class ConditionalGetMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return response
        etag = response.headers.get("ETag")
        modified = response.headers.get("Last-Modified")
        if not (etag or modified):
            return response
        return get_conditional_response(
            request, etag=etag,
            last_modified=parse_http_date_safe(modified) if modified else None,
            response=response,
        )
