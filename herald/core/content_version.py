"""A counter that changes whenever published content changes.

Cached pages and fragments are stored with the version they were rendered
under and only used while it is still the current one, so publishing,
unpublishing or correcting a story shows on the very next request, in every
worker. The counter lives in the shared cache; no process remembers it from
one request to the next.

Within one request the version is read once: ``lookup()`` reads it together
with the caller's keys in a single round trip, and inside ``pinned()`` (the
page cache wraps every request in it) later lookups reuse that reading, so a
page with three cached fragments costs three round trips, not six.
"""

from __future__ import annotations

import time
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.cache import cache
from django.db import transaction

KEY = "herald:content-version"

# The version read by the current request: a one-item list, empty until the first read.
_request: ContextVar[list[int] | None] = ContextVar("herald_content_version", default=None)


def current() -> int:
    """The version this request read first, or the cache's current one."""
    pinned = _request.get()
    if pinned:
        return pinned[0]
    return _remember(_read())


def lookup(keys: list[str]) -> tuple[int, dict]:
    """The current version, and the values of ``keys`` stored under it, in one round trip.

    Values stored under another version are left out: they are stale.
    """
    pinned = _request.get()
    if pinned:
        version, found = pinned[0], cache.get_many(keys)
    else:
        found = cache.get_many([KEY, *keys])
        version = found.pop(KEY, None)
        version = _remember(version if version is not None else _read())
    return version, {
        key: entry[1] for key, entry in found.items()
        if isinstance(entry, tuple) and entry[0] == version
    }


def store(key: str, version: int, value, timeout: int) -> None:
    """Cache ``value`` as rendered under ``version``; ``lookup`` returns it while that holds."""
    cache.set(key, (version, value), timeout)


@contextmanager
def pinned(version: int | None = None):
    """Read the version at most once in this block (one request), or use ``version``."""
    token = _request.set([] if version is None else [version])
    try:
        yield
    finally:
        _request.reset(token)


def bump() -> None:
    """Change the version now, and again once the surrounding transaction commits.

    The second change covers a reader that rendered the old rows between the
    first change and the commit: what it cached carries a version that is
    already gone by the time the change is visible.
    """
    pinned = _request.get()
    if pinned:
        pinned.clear()  # this request reads the new version from here on
    _increment()
    transaction.on_commit(_increment)


def _remember(version: int) -> int:
    pinned = _request.get()
    if pinned is not None and not pinned:
        pinned.append(version)
    return version


def _read() -> int:
    value = cache.get(KEY)
    if value is None:
        # Never start again from a number used before (the key may have been
        # evicted or culled): entries cached under an older version must not match.
        cache.add(KEY, time.time_ns(), timeout=None)
        value = cache.get(KEY)
    return value if value is not None else 0  # a cache that keeps nothing (DummyCache)


def _increment() -> None:
    try:
        cache.incr(KEY)
    except ValueError:  # the key was evicted: any fresh value is a change
        cache.add(KEY, time.time_ns(), timeout=None)
