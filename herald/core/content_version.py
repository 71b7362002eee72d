"""Counters that change whenever published content changes.

Cached pages and fragments are stored with the version they were rendered
under and only used while it is still the current one, so publishing,
unpublishing or correcting a story shows on the very next request, in every
worker. The counters live in the shared cache; no process remembers them from
one request to the next.

Two counters, one for each kind of cached thing:

* the **content version** (``KEY``) changes with anything a reader sees:
  every publish, unpublish, move, deletion and settings change. Whole pages
  and the blocks that list other stories (More, Picks, Trending, the
  navigation) are kept under it.
* the **reference version** (``REFERENCES_KEY``) changes only with what a
  story's own text refers to outside its revision: desks and other non-story
  pages, page addresses (slug changes, moves, deletions), people, topics,
  pictures, the publication's identity. A story's rendered parts are cached
  per revision under it (``herald.articles.fragments``), so publishing one
  story does not make every other story render its body again. Bumping it
  bumps the content version too.

Within one request each counter is read once: ``lookup()`` reads it together
with the caller's keys in a single round trip, and inside ``pinned()`` (the
page cache wraps every request in it) later lookups reuse that reading, so a
page with three cached fragments costs three round trips, not six.

A page that knows early what it will look up names those keys to
``prefetch()``: they come back in one round trip with the counters, and the
lookups of the rest of the request answer from that reading (a story page:
the settings, the navigation, the story's parts, in one trip instead of a
dozen). A prefetched value is checked against the counter like any other, so
naming a key that turns out not to be needed only costs its bytes.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.cache import cache
from django.db import transaction

KEY = "herald:content-version"
REFERENCES_KEY = "herald:reference-version"

# The versions read by the current request (counter key -> version); None outside pinned().
_request: ContextVar[dict[str, int] | None] = ContextVar("herald_content_version", default=None)
# The keys prefetched by the current request (key -> the cache's value, None: not there);
# None outside pinned().
_prefetched: ContextVar[dict[str, object] | None] = ContextVar("herald_prefetched", default=None)


def current(counter: str = KEY) -> int:
    """The version of ``counter`` this request read first, or the cache's current one."""
    pinned = _request.get()
    if pinned and counter in pinned:
        return pinned[counter]
    return _remember(counter, _read(counter))


def lookup(keys: list[str], counter: str = KEY) -> tuple[int, dict]:
    """The current version of ``counter``, and the values of ``keys`` stored under it,
    in one round trip.

    Values stored under another version are left out: they are stale.
    """
    pinned = _request.get()
    prefetched = _prefetched.get() or {}
    found = {key: prefetched[key] for key in keys if prefetched.get(key) is not None}
    missing = [key for key in keys if key not in prefetched]
    if pinned and counter in pinned:
        version = pinned[counter]
        if missing:
            found.update(cache.get_many(missing))
    else:
        found.update(cache.get_many([counter, *missing]))
        version = found.pop(counter, None)
        version = _remember(counter, version if version is not None else _read(counter))
    return version, {
        key: entry[1] for key, entry in found.items()
        if isinstance(entry, tuple) and entry[0] == version
    }


def prefetch(keys: Iterable[str], counters: Iterable[str] = (KEY, REFERENCES_KEY)) -> None:
    """Read ``keys``, and those of ``counters`` this request has not read yet, in one
    round trip, for this request's later lookups to answer from.

    Only inside ``pinned()`` (one request); elsewhere it reads nothing. Keys read
    already are not read again.
    """
    pinned, prefetched = _request.get(), _prefetched.get()
    if pinned is None or prefetched is None:
        return
    unread = [counter for counter in counters if counter not in pinned]
    keys = [key for key in dict.fromkeys(keys) if key not in prefetched]
    if not keys and not unread:
        return
    found = cache.get_many([*unread, *keys])
    for counter in unread:
        version = found.pop(counter, None)
        _remember(counter, version if version is not None else _read(counter))
    for key in keys:
        prefetched[key] = found.get(key)


def store(key: str, version: int, value, timeout: int) -> None:
    """Cache ``value`` as rendered under ``version``; ``lookup`` returns it while that holds."""
    cache.set(key, (version, value), timeout)
    prefetched = _prefetched.get()
    if prefetched is not None and key in prefetched:
        prefetched[key] = (version, value)  # this request's later lookups see the new value


def cached(key: str, timeout: int, compute: Callable[[], object], counter: str = KEY):
    """The value kept under ``key`` for the current version of ``counter``, else ``compute()``
    kept for it. ``compute`` must not return None."""
    version, found = lookup([key], counter)
    if key in found:
        return found[key]
    value = compute()
    store(key, version, value, timeout)
    return value


@contextmanager
def pinned(version: int | None = None):
    """Read each counter at most once in this block (one request); ``version``: the
    content version the caller read already."""
    token = _request.set({} if version is None else {KEY: version})
    keys_token = _prefetched.set({})
    try:
        yield
    finally:
        _prefetched.reset(keys_token)
        _request.reset(token)


def bump(counter: str = KEY) -> None:
    """Change the content version (or another ``counter``) now, and again once the
    surrounding transaction commits.

    The second change covers a reader that rendered the old rows between the
    first change and the commit: what it cached carries a version that is
    already gone by the time the change is visible.
    """
    _bump(counter)


def forget(key: str) -> None:
    """Drop what is kept under ``key`` now, and again once the surrounding transaction
    commits (for the reader in between, as ``bump`` does)."""
    prefetched = _prefetched.get()
    if prefetched is not None:
        prefetched.pop(key, None)
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))


def bump_references() -> None:
    """Change the reference version, and with it the content version (see ``bump``)."""
    _bump(REFERENCES_KEY)
    _bump(KEY)


def _bump(counter: str) -> None:
    pinned = _request.get()
    if pinned:
        pinned.pop(counter, None)  # this request reads the new version from here on
    _increment(counter)
    transaction.on_commit(lambda: _increment(counter))


def _remember(counter: str, version: int) -> int:
    pinned = _request.get()
    if pinned is not None:
        pinned.setdefault(counter, version)
    return version


def _read(counter: str) -> int:
    value = cache.get(counter)
    if value is None:
        # Never start again from a number used before (the key may have been
        # evicted or culled): entries cached under an older version must not match.
        cache.add(counter, time.time_ns(), timeout=None)
        value = cache.get(counter)
    return value if value is not None else 0  # a cache that keeps nothing (DummyCache)


def _increment(counter: str) -> None:
    try:
        cache.incr(counter)
    except ValueError:  # the key was evicted: any fresh value is a change
        cache.add(counter, time.time_ns(), timeout=None)
