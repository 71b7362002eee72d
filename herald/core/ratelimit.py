"""Fixed-window rate limits kept in Django's cache (Redis in production)."""

from __future__ import annotations

import hashlib
import time

from django.core.cache import cache

from herald.core.errors import RateLimited


def _key(scope: str, ident: str, window: int) -> str:
    digest = hashlib.sha256(f"{scope}:{ident}".encode()).hexdigest()[:32]
    return f"rl:{scope}:{digest}:{int(time.time() // window)}"


def count(scope: str, ident: str, *, window: int) -> int:
    """Attempts counted so far in the current window."""
    return cache.get(_key(scope, ident.strip().lower(), window)) or 0


def increment(scope: str, ident: str, *, window: int) -> int:
    """Count one attempt in the current window; returns the new count."""
    key = _key(scope, ident.strip().lower(), window)
    if cache.add(key, 1, timeout=window):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window)
        return 1


def hit(scope: str, ident: str, *, limit: int, window: int, message: str) -> None:
    """Count one attempt; raise RateLimited once `limit` attempts fall in one window."""
    if increment(scope, ident, window=window) > limit:
        raise RateLimited(message)


def client_ip(request) -> str:
    """The reader's address; trust X-Forwarded-For only from the configured proxy."""
    from django.conf import settings

    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")
