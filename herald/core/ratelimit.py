"""Fixed-window rate limits kept in Django's cache (Redis in production).

The counts live in the ``ratelimit`` cache when there is one (with Redis: the same
server as the page cache, reached through an alias that raises when Redis is down,
where the page cache only misses). Each limit says what happens when its counter
cannot be reached (``unavailable``):

- ``CLOSED``: refuse (sign-in: a 503 that asks to try again in a few minutes);
- ``LOCAL``: count in this process instead, so the limit still holds per worker
  (letters and sign-ups are still accepted and stored);
- ``OPEN``: let the request through (page-view beacons).
"""

from __future__ import annotations

import hashlib
import logging
import time
import uuid

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django_redis.exceptions import ConnectionInterrupted
from redis.exceptions import RedisError

from herald.core.errors import RateLimited

logger = logging.getLogger(__name__)
CLOSED, LOCAL, OPEN = "closed", "local", "open"
# What a cache that cannot be reached raises: django-redis, redis-py, a file cache.
UNREACHABLE = (ConnectionInterrupted, RedisError, OSError)
UNAVAILABLE_MESSAGE = (
    "We cannot check this request against our limits just now. "
    "Please try again in a few minutes."
)
_local = LocMemCache(f"herald-ratelimit-{uuid.uuid4()}", {"OPTIONS": {"MAX_ENTRIES": 10000}})


class LimitUnavailable(RateLimited):
    """The shared counter could not be reached and the limit fails closed."""

    code = "rate_limit_unavailable"
    status = 503


def store():
    """The cache that keeps the counts."""
    return caches["ratelimit" if "ratelimit" in settings.CACHES else "default"]


def _key(scope: str, ident: str, window: int) -> str:
    digest = hashlib.sha256(f"{scope}:{ident}".encode()).hexdigest()[:32]
    return f"rl:{scope}:{digest}:{int(time.time() // window)}"


def count(scope: str, ident: str, *, window: int) -> int:
    """Attempts counted so far in the current window (raises when the cache is down)."""
    return store().get(_key(scope, ident.strip().lower(), window)) or 0


def increment(scope: str, ident: str, *, window: int, cache=None) -> int:
    """Count one attempt in the current window; returns the new count (atomic in Redis)."""
    cache = cache or store()
    key = _key(scope, ident.strip().lower(), window)
    if cache.add(key, 1, timeout=window):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window)
        return 1


def decrement(scope: str, ident: str, *, window: int) -> None:
    """Take back one attempt counted in the current window."""
    try:
        store().decr(_key(scope, ident.strip().lower(), window))
    except ValueError:  # the window ended meanwhile: nothing to take back
        pass


def hit(scope: str, ident: str, *, limit: int, window: int, message: str,
        unavailable: str = CLOSED) -> None:
    """Count one attempt; raise RateLimited once `limit` attempts fall in one window.

    When the counter cannot be reached: ``unavailable`` (see the module's docstring).
    """
    try:
        attempts = increment(scope, ident, window=window)
    except UNREACHABLE as error:
        logger.warning("Rate limit %s: counter unreachable (%s); failing %s",
                       scope, error, unavailable)
        if unavailable == OPEN:
            return
        if unavailable == CLOSED:
            raise LimitUnavailable(UNAVAILABLE_MESSAGE) from error
        attempts = increment(scope, ident, window=window, cache=_local)
    if attempts > limit:
        raise RateLimited(message)


def client_ip(request) -> str:
    """The reader's address; trust X-Forwarded-For only from the configured proxy."""
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")
