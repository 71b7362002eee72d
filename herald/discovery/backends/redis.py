"""Trending in Redis: one sorted set of decayed scores, one round trip per view.

Scores use forward decay: a view at time t adds ``2 ** ((t - start) / half-life)``
to its story, where ``start`` begins the current period (a week); ranking by
the sum is ranking by the decayed score, and nothing is rewritten as time
passes. At a period's turn the previous period's set is read once more,
scaled to the new start. A Lua script makes the rate limit, the half-hour
de-duplication, the per-address cap and the increment one atomic round trip.

Each request thread sends its own view, on its own connection from the pool,
and the beacon answers with the view's outcome: nothing is written behind.
Gathering the views of concurrent threads into one round trip was tried and
measured (docs/performance.md): it made no batch at all, as each thread has its
own client, and once it did batch, the threads' waiting for each other cost
more CPU per view than the round trips it saved.
"""

from __future__ import annotations

from django.conf import settings
from django_redis import get_redis_connection
from redis.exceptions import RedisError

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
        try:
            outcome = self._script(keys=keys, args=args, client=self.redis)
        except RedisError:  # Redis is a cache: a view it cannot count is lost, the page is not
            return trending.Outcome.UNAVAILABLE
        return outcome.decode() if isinstance(outcome, bytes) else outcome

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
