"""What the two whole-page caches (anonymous pages, gated-story variants) share:
how a request names its page, which responses may be stored, and how a stored
response is kept and replayed."""

from __future__ import annotations

import hashlib

from django.http import HttpResponse
from django.utils.cache import cc_delim_re

from herald.core import content_version

MAX_QUERY = 200


def page_address(request, suffix: str = "", *, host: str | None = None) -> str | None:
    """host + path + query (+ suffix) as a cache-safe string, or None for over-long queries.

    ``host``: ``request.get_host()``, when the caller has it already."""
    query = request.META.get("QUERY_STRING", "")
    if len(query) > MAX_QUERY:
        return None
    address = f"{host or request.get_host()}{request.path}?{query}{suffix}"
    if len(address) > 200 or not address.isascii() or not address.isprintable() or " " in address:
        address = hashlib.sha256(address.encode()).hexdigest()  # a key every backend takes
    return address


def storable(response, *, allow_private: bool = False) -> bool:
    """A complete 200 that sets no cookie, allows caching and varies on nothing but the cookie."""
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    control = response.headers.get("Cache-Control", "")
    refused = ("no-cache", "no-store") if allow_private else ("private", "no-cache", "no-store")
    if any(word in control for word in refused):
        return False
    vary = {v.strip().lower() for v in cc_delim_re.split(response.headers.get("Vary", ""))}
    return vary <= {"", "cookie"}


def store_response(key: str, version: int, response, seconds: int, *, skipped: set[str]) -> None:
    """Keep `response` under `key` for `version`, without the headers named in `skipped`."""
    headers = [(name, value) for name, value in response.items() if name.lower() not in skipped]
    content_version.store(key, version, (response.status_code, headers, response.content), seconds)
    response.headers["X-Herald-Cache"] = "miss"


def replay(stored) -> HttpResponse:
    """The response a stored (status, headers, content) entry stands for."""
    from django.http import HttpResponse

    status, headers, content = stored
    response = HttpResponse(content, status=status, headers=headers)
    response.headers["X-Herald-Cache"] = "hit"
    return response
