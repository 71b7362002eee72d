"""The meter's store in Redis (``meter_store``'s module docstring says how it counts).

Its own module so that redis-py is imported only where the meter's cache is
django-redis (``meter_store.for_cache``): every `herald` command imports
``meter_store`` through the apps' models, and one without Redis need not load it.
"""

from __future__ import annotations

import logging

from django.core.cache import DEFAULT_CACHE_ALIAS, caches
from django_redis import get_redis_connection
from redis.exceptions import NoScriptError, RedisError, ResponseError

from herald.access.meter_store import COUNT, MeterStore, _record, merged

logger = logging.getLogger("herald.access.meter_store")  # the name its warnings always had


class RedisMeterStore(MeterStore):
    def __init__(self, cache, alias: str):
        self.cache = cache  # names keys and decodes values as the cache does
        self.alias = alias
        self.redis = get_redis_connection(alias)
        self.script = self.redis.register_script(COUNT)

    def reads(self, keys):
        pipe = self.redis.pipeline(transaction=False)
        for key in keys:
            pipe.hgetall(self.cache.make_key(key))
        try:
            return merged([_record(reply) for reply in pipe.execute(raise_on_error=False)])
        except RedisError as error:
            _unreachable(error)
            return {}

    def count(self, keys, story_id, day, counts, *, first_day, keep_seconds, fetch=(),
              fetch_if_refused=()):
        try:
            return self._count(keys, story_id, day, counts, first_day=first_day,
                               keep_seconds=keep_seconds, fetch=fetch,
                               fetch_if_refused=fetch_if_refused)
        except RedisError as error:
            _unreachable(error)  # nothing kept: the cookie alone counts the read
            counted = counts({})
            wanted = [*fetch, *([] if counted else fetch_if_refused)]
            return {}, counted, caches[DEFAULT_CACHE_ALIAS].get_many(wanted) if wanted else {}

    def _count(self, keys, story_id, day, counts, *, first_day, keep_seconds, fetch,
               fetch_if_refused):
        here = list(fetch) if self.alias == DEFAULT_CACHE_ALIAS else []
        redis_keys = [self.cache.make_key(key) for key in keys]
        for _attempt in range(3):
            pipe = self.redis.pipeline(transaction=False)
            if here:
                pipe.mget([self.cache.make_key(key) for key in here])
            pipe.evalsha(self.script.sha, len(redis_keys), *redis_keys, story_id, day,
                         keep_seconds)
            *values, answer = pipe.execute(raise_on_error=False)
            values = values[0] if here else []
            if isinstance(answer, NoScriptError):  # a restarted or flushed Redis
                self.redis.script_load(COUNT)
            elif isinstance(answer, ResponseError) and "WRONGTYPE" in str(answer):
                # Not a hash: a record kept as a pickled dictionary by an older
                # release. It reads as empty (the cookie carries those reads).
                self.redis.delete(redis_keys[0])
            else:
                break
        for reply in (answer, values):
            if isinstance(reply, Exception):
                raise reply
        found = self._decoded(here, values) if here else (
            caches[DEFAULT_CACHE_ALIAS].get_many(fetch) if fetch else {})
        added, *replies = answer
        records = [_record(reply) for reply in replies]
        if added:
            del records[0][story_id]  # the records before this read
        server = merged(records)
        counted = bool(added) and counts(server)
        # Take the read back if the policy refused it, and drop reads that left the window.
        dropped = [sid for sid, read_on in records[0].items() if read_on < first_day]
        refused = bool(added) and not counted
        if refused:
            dropped.append(story_id)
        extra = list(fetch_if_refused) if refused else []
        if extra and self.alias != DEFAULT_CACHE_ALIAS:
            found.update(caches[DEFAULT_CACHE_ALIAS].get_many(extra))
            extra = []
        if dropped or extra:
            pipe = self.redis.pipeline(transaction=False)
            if dropped:
                pipe.hdel(redis_keys[0], *dropped)
            if extra:
                pipe.mget([self.cache.make_key(key) for key in extra])
            replies = pipe.execute(raise_on_error=False)
            if extra:
                found.update(self._decoded(extra, replies[-1]))
        return server, counted, found

    def _decoded(self, keys, values) -> dict:
        """An MGET's reply as ``cache.get_many`` gives it (errors and misses left out)."""
        if isinstance(values, Exception):
            return {}
        return {key: self.cache.client.decode(value)
                for key, value in zip(keys, values, strict=True)
                if value is not None and not isinstance(value, ResponseError)}

    def forget(self, key, story_id, *, keep_seconds):
        try:
            self.redis.hdel(self.cache.make_key(key), story_id)
        except RedisError as error:
            _unreachable(error)


def _unreachable(error: Exception) -> None:
    logger.warning("Meter: Redis unreachable (%s); counting from the cookie alone", error)
