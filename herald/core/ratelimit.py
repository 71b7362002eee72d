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

import functools
import hashlib
import ipaddress
import logging
import sys
import time
import uuid

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache

from herald.core.errors import RateLimited

logger = logging.getLogger(__name__)
CLOSED, LOCAL, OPEN = "closed", "local", "open"
# What a cache that cannot be reached raises: django-redis, redis-py, a file cache.
_UNREACHABLE = (("django_redis.exceptions", "ConnectionInterrupted"),
                ("redis.exceptions", "RedisError"))


def unreachable() -> tuple[type[Exception], ...]:
    """What a cache that cannot be reached raises (``except unreachable():``).

    django-redis's and redis-py's errors only once their modules are loaded (a
    django-redis cache loads them before it can raise one), so that a process
    without Redis, each `herald` command of a demo included, does not import
    redis-py at start-up for the names.
    """
    loaded = [getattr(sys.modules[module], name) for module, name in _UNREACHABLE
              if module in sys.modules]
    return (*loaded, OSError)
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
    return count_one(cache or store(), _key(scope, ident.strip().lower(), window), timeout=window)


def count_one(cache, key: str, *, timeout: int) -> int:
    """Add one to the counter at ``key`` in ``cache``, starting it with ``timeout``; the new count.

    ``add`` then ``incr`` keeps the count atomic on caches that make them atomic (Redis).
    """
    if cache.add(key, 1, timeout=timeout):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=timeout)
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
    except unreachable() as error:
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
    """The reader's address.

    ``X-Forwarded-For`` is believed only when the connection comes from a proxy named in
    ``FORWARDED_ALLOW_IPS`` (none by default, as for a server reached directly); then the
    reader is the right-most address in it that is not one of those proxies. Anyone else
    could write any address there and so escape every per-address limit.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    if not _is_proxy(remote):
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    hops = [hop for hop in hops if hop]
    for hop in reversed(hops):
        if not _is_proxy(hop):
            return hop
    return hops[-1] if hops and _trusts_any() else remote


def _trusts_any() -> bool:
    return "*" in getattr(settings, "HERALD_FORWARDED_ALLOW_IPS", ())


def _is_proxy(address: str) -> bool:
    networks = _proxy_networks(tuple(getattr(settings, "HERALD_FORWARDED_ALLOW_IPS", ())))
    if not networks:
        return False
    if networks == ("*",):
        return True
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


@functools.lru_cache(maxsize=8)
def _proxy_networks(entries: tuple[str, ...]) -> tuple:
    if "*" in entries:
        return ("*",)
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)
