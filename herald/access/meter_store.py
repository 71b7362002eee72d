"""Where the meter's server copies live, and how a read is counted on one.

A record is story id -> day read, one per reader and period (``meter.server_keys``).
A store reads records and counts; it never decides. ``count`` hands the
records it found (before this read) to the caller's ``counts`` (the policy)
and keeps the read only if that says so.

* ``RedisMeterStore`` (the meter's cache is django-redis; in ``redis_meter_store``,
  imported only then, so that a process without Redis, each `herald` command of
  a deployment or demo without it included, does not load redis-py): a record is a
  Redis hash. A small Lua script (``COUNT``) adds the story to this period's
  hash if it is not there (HSETNX), keeps the hash alive and returns both
  periods' hashes: it counts, it does not decide. Redis runs a script alone,
  so of two requests racing for a reader's last free story the second sees the
  first's read. If the policy refuses the read, a second command takes it
  back, in one pipeline with the caller's ``fetch_if_refused`` (the cut page).
  The script goes in a redis-py pipeline with the caller's ``fetch`` (the
  content version and the page, when the meter lives in the default cache):
  one round trip for a counted read, two for a refused one. (A MULTI/EXEC
  transaction would do as well, at twice the client's Python per request.)
* ``CacheMeterStore`` (any other Django cache: the file cache of a deployment
  without Redis): a record is a dictionary; ``get_many`` (with ``fetch`` when
  the meter lives in the default cache), then ``set`` when the read counts.
  Not atomic: two requests at the same moment can both take the last free read.

Records older than the window are dropped when a record is written (Redis:
when it is counted on).

While Redis cannot be reached (docs/reliability.md) the Redis store behaves as
an empty one that keeps nothing: the policy decides from the cookie alone, a
read it counts goes into the cookie, and the page is rendered (django-redis's
IGNORE_EXCEPTIONS makes the cache miss rather than fail).
"""

from __future__ import annotations

import sys
import weakref
from collections.abc import Callable

from django.core.cache import DEFAULT_CACHE_ALIAS, caches

Record = dict[int, int]
Counts = Callable[[Record], bool]

# Count a read: add the story (ARGV[1], read on day ARGV[2]) to this period's
# record unless it is there, keep the record ARGV[3] seconds, and return whether
# it was added with this period's and the previous period's records.
COUNT = """
local added = redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2])
redis.call('EXPIRE', KEYS[1], ARGV[3])
local previous = {}
if KEYS[2] then previous = redis.pcall('HGETALL', KEYS[2]) end
return {added, redis.call('HGETALL', KEYS[1]), previous}
"""


# The store built for each Django cache object (Django keeps one per thread and
# alias), for as long as that object lives: building a Redis store looks up its
# client and registers the count script (a SHA-1 of its text), work a request
# need not repeat. Bounded by threads x aliases; a test that replaces CACHES gets
# new cache objects, so new stores.
_stores: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def for_cache(alias: str) -> MeterStore:
    """The store for the Django cache ``alias``.

    ``RedisMeterStore`` is imported late, only for a django-redis cache: its module
    imports redis-py, which a process without Redis need not load at start-up.
    """
    cache = caches[alias]
    store = _stores.get(cache)
    if store is None:
        kind = CacheMeterStore
        # A django-redis cache object exists only once its module is imported.
        redis_cache = sys.modules.get("django_redis.cache")
        if redis_cache is not None and isinstance(cache, redis_cache.RedisCache):
            from herald.access.redis_meter_store import RedisMeterStore

            kind = RedisMeterStore
        store = _stores[cache] = kind(cache, alias)
    return store


def merged(records: list[Record]) -> Record:
    """Server records, this period's first: a story's day from the newest period holding it."""
    server: Record = {}
    for record in reversed(records):
        server.update(record)
    return server


class MeterStore:
    def reads(self, keys: list[str]) -> Record:
        """The records at ``keys`` (this period's first), merged."""
        raise NotImplementedError

    def count(self, keys: list[str], story_id: int, day: int, counts: Counts, *,
              first_day: int, keep_seconds: int, fetch=(),
              fetch_if_refused=()) -> tuple[Record, bool, dict]:
        """Count ``story_id`` on ``keys[0]`` if ``counts(records before this read)``.

        ``fetch``: keys of the default cache to read as well, in the same round
        trip where the store can; ``fetch_if_refused``: keys to read too when
        ``counts`` refuses a new read (with the round trip that takes it back).
        Returns the records before this read, whether it was counted, and the
        values read, as ``cache.get_many`` returns them.
        """
        raise NotImplementedError

    def forget(self, key: str, story_id: int, *, keep_seconds: int) -> None:
        """Take a counted read back off the record at ``key``."""
        raise NotImplementedError


class CacheMeterStore(MeterStore):
    def __init__(self, cache, alias: str):
        self.cache = cache
        self.alias = alias

    def reads(self, keys):
        found = self.cache.get_many(keys)
        return merged([_record(found.get(key)) for key in keys])

    def count(self, keys, story_id, day, counts, *, first_day, keep_seconds, fetch=(),
              fetch_if_refused=()):
        if self.alias == DEFAULT_CACHE_ALIAS:
            found = self.cache.get_many([*fetch, *keys])  # one round trip
        else:
            found = {**(caches[DEFAULT_CACHE_ALIAS].get_many(fetch) if fetch else {}),
                     **self.cache.get_many(keys)}
        records = [_record(found.pop(key, None)) for key in keys]
        server = merged(records)
        counted = counts(server)
        if counted:
            kept = {sid: read_on for sid, read_on in records[0].items() if read_on >= first_day}
            self.cache.set(keys[0], {**kept, story_id: day}, timeout=keep_seconds)
        elif fetch_if_refused and story_id not in server:
            found.update(caches[DEFAULT_CACHE_ALIAS].get_many(fetch_if_refused))
        return server, counted, found

    def forget(self, key, story_id, *, keep_seconds):
        record = _record(self.cache.get(key))
        if record.pop(story_id, None) is not None:
            self.cache.set(key, record, timeout=keep_seconds)


def _record(value) -> Record:
    """A stored record as story id -> day; anything else (an error reply, a value
    of another format, nothing) as empty. A hash read inside a script comes as a
    flat list of fields and values."""
    if isinstance(value, list):
        value = dict(zip(value[::2], value[1::2], strict=True))
    if not isinstance(value, dict):
        return {}
    try:
        return {int(story_id): int(day) for story_id, day in value.items()}
    except (TypeError, ValueError):
        return {}
