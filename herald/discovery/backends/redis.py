"""Trending in Redis: one sorted set of decayed scores; concurrent views share a round trip.

Scores use forward decay: a view at time t adds ``2 ** ((t - start) / half-life)``
to its story, where ``start`` begins the current period (a week); ranking by
the sum is ranking by the decayed score, and nothing is rewritten as time
passes. At a period's turn the previous period's set is read once more,
scaled to the new start. A Lua script makes the rate limit, the half-hour
de-duplication, the per-address cap and the increment of one view atomic.

The time of a view is the Redis round trip, not the work. So the views that
this process's request threads record at the same moment go to Redis together
(``_Batch``): the first thread to arrive sends every view waiting then as one
pipeline of script calls (one round trip), and each thread gets its own view's
outcome back before its request answers. A lone view still costs one round
trip; under load, one round trip serves as many views as arrived during the
previous one. Nothing is written behind: a view is in Redis, or reported
``unavailable``, by the time its beacon is answered, so a crash loses no
counted view and the beacon still answers 429 when the rate limit says so.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from django.conf import settings
from django_redis import get_redis_connection
from redis.exceptions import NoScriptError, RedisError

from herald.discovery import trending
from herald.discovery.backends.base import TrendingBackend

PERIOD = 7 * 24 * 3600
RECORD = """
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('EXPIRE', KEYS[1], 60) end
if n > tonumber(ARGV[1]) then return 'limited' end
local last = redis.call('GET', KEYS[2])
if last and tonumber(ARGV[7]) - tonumber(last) < tonumber(ARGV[2]) then return 'duplicate' end
redis.call('SET', KEYS[2], ARGV[7], 'EX', ARGV[2])
local w = redis.call('INCR', KEYS[3])
if w == 1 then redis.call('EXPIRE', KEYS[3], ARGV[2]) end
if w > tonumber(ARGV[3]) then return 'capped' end
redis.call('ZINCRBY', KEYS[4], ARGV[4], ARGV[5])
redis.call('EXPIRE', KEYS[4], ARGV[6])
return 'counted'
"""


@dataclass(eq=False)
class _Waiting:
    """One view waiting for its place in a round trip, and then for its outcome."""

    keys: list
    args: list
    done: threading.Event = field(default_factory=threading.Event)
    outcome: str = trending.Outcome.UNAVAILABLE


class _Batch:
    """The views of concurrent threads, sent to Redis one pipeline at a time."""

    def __init__(self):
        self.lock = threading.Lock()
        self.waiting: list[_Waiting] = []
        self.sending = False

    def run(self, redis, script, item: _Waiting) -> str:
        with self.lock:
            self.waiting.append(item)
            lead = not self.sending
            self.sending = True
        if lead:  # send until no view waits; the others' threads only wait
            try:
                while batch := self._take():
                    self._send(redis, script, batch)
            except BaseException:
                with self.lock:
                    left, self.waiting, self.sending = self.waiting, [], False
                for other in left:  # not sent: unavailable
                    other.done.set()
                raise
        item.done.wait()
        return item.outcome

    def _take(self) -> list[_Waiting]:
        """The views waiting now; none: this thread stops leading (under the same lock)."""
        with self.lock:
            batch, self.waiting = self.waiting, []
            self.sending = bool(batch)
            return batch

    @staticmethod
    def _send(redis, script, batch: list[_Waiting]) -> None:
        try:
            for attempt in (1, 2):
                pipe = redis.pipeline(transaction=False)
                for item in batch:
                    pipe.evalsha(script.sha, len(item.keys), *item.keys, *item.args)
                answers = pipe.execute(raise_on_error=False)
                if attempt == 1 and any(isinstance(a, NoScriptError) for a in answers):
                    script.sha = redis.script_load(script.script)  # Redis restarted: load again
                    continue
                break
            for item, answer in zip(batch, answers, strict=True):
                if not isinstance(answer, Exception):
                    item.outcome = answer.decode() if isinstance(answer, bytes) else answer
        except RedisError:  # Redis is a cache: a view it cannot count is lost, the page is not
            pass
        finally:
            for item in batch:
                item.done.set()


_batches: dict[int, _Batch] = {}  # one per Redis client (tests switch caches)
_batches_lock = threading.Lock()


def _batch_for(redis) -> _Batch:
    with _batches_lock:
        return _batches.setdefault(id(redis), _Batch())


class RedisTrending(TrendingBackend):
    _script = None

    def __init__(self):
        self.redis = get_redis_connection("default")
        self.prefix = settings.CACHES["default"].get("KEY_PREFIX", "herald") + ":trending"
        if RedisTrending._script is None:
            RedisTrending._script = self.redis.register_script(RECORD)

    def _set(self, period: int) -> str:
        return f"{self.prefix}:scores:{period}"

    def record(self, view) -> str:
        period = int(view.at // PERIOD)
        weight = 2.0 ** ((view.at - period * PERIOD) / trending.half_life_seconds())
        keys = [
            f"{self.prefix}:rate:{view.address}:{int(view.at // 60)}",
            f"{self.prefix}:seen:{view.article_id}:{view.reader}",
            f"{self.prefix}:address:{view.article_id}:{view.address}:"
            f"{int(view.at // trending.SEEN_SECONDS)}",
            self._set(period),
        ]
        args = [self.beacon_rate, trending.SEEN_SECONDS, self.address_cap, repr(weight),
                view.article_id, 2 * PERIOD, repr(view.at)]
        return _batch_for(self.redis).run(self.redis, self._script, _Waiting(keys, args))

    def add(self, article_id: int, views: int, at: float) -> None:
        period = int(at // PERIOD)
        weight = 2.0 ** ((at - period * PERIOD) / trending.half_life_seconds())
        self.redis.zincrby(self._set(period), views * weight, article_id)
        self.redis.expire(self._set(period), 2 * PERIOD)

    def top(self, limit: int, now: float) -> list[tuple[int, float]]:
        period = int(now // PERIOD)
        pipe = self.redis.pipeline(transaction=False)
        pipe.zrevrange(self._set(period), 0, limit - 1, withscores=True)
        pipe.zrevrange(self._set(period - 1), 0, limit - 1, withscores=True)
        try:
            current, previous = pipe.execute()
        except RedisError:  # no Trending block rather than a failed page
            return []
        # Scores are relative to their period's start; bring both to ``now``.
        to_now = 2.0 ** (-(now - period * PERIOD) / trending.half_life_seconds())
        earlier = to_now * 2.0 ** (-PERIOD / trending.half_life_seconds())
        scores: dict[int, float] = {}
        for members, factor in ((current, to_now), (previous, earlier)):
            for member, score in members:
                pk = int(member)
                scores[pk] = scores.get(pk, 0.0) + score * factor
        return sorted(scores.items(), key=lambda kv: (-kv[1], -kv[0]))[:limit]

    def clear(self) -> None:
        keys = list(self.redis.scan_iter(f"{self.prefix}:*", count=1000))
        if keys:
            self.redis.delete(*keys)
