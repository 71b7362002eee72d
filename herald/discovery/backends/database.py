"""Trending in the database: hourly counts per story, decayed when read.

De-duplication, the per-address cap and the beacon rate limit use the
``trending`` cache when one is configured, else the default cache. Without
Redis, settings.py makes ``trending`` a per-process memory cache: a disk cache
lists its directory on every write (measured: 11 views/s on SQLite), while
memory costs microseconds. The trade-off, documented in docs/settings.md: with
N server processes a reader can count up to N times per half hour and the
per-address cap is per process. Counts are written behind, once a second
(``flush``). The score is one query: each hour's count
weighted by its age (a CASE over the window's hours), summed per story.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core.cache import caches
from django.db import IntegrityError, transaction
from django.db.models import Case, F, FloatField, Sum, Value, When

from herald.core.ratelimit import count_one
from herald.discovery import trending
from herald.discovery.backends.base import TrendingBackend
from herald.discovery.models import ArticleViewCount


def _hour(at: float) -> datetime:
    moment = datetime.fromtimestamp(at, tz=UTC)
    return moment.replace(minute=0, second=0, microsecond=0)


# Counted views wait here (per process) and are written at most once a second,
# grouped by story and hour: one UPDATE for many views. A crash loses at most a
# second of this process's views; a read of the ranking flushes first.
FLUSH_SECONDS = 1.0
_pending: Counter = Counter()
_lock = threading.Lock()
_flushed = [time.monotonic()]


def _cache():
    return caches["trending" if "trending" in settings.CACHES else "default"]


def _increment(key: str, timeout: int) -> int:
    return count_one(_cache(), key, timeout=timeout)


class DatabaseTrending(TrendingBackend):
    def record(self, view) -> str:
        minute, half_hour = int(view.at // 60), int(view.at // trending.SEEN_SECONDS)
        if _increment(f"trending:rate:{view.address}:{minute}", 60) > self.beacon_rate:
            return trending.Outcome.LIMITED
        cache = _cache()
        seen = f"trending:seen:{view.article_id}:{view.reader}"
        if not cache.add(seen, view.at, timeout=trending.SEEN_SECONDS):
            last = cache.get(seen)
            if last is not None and view.at - last < trending.SEEN_SECONDS:
                return trending.Outcome.DUPLICATE
            cache.set(seen, view.at, timeout=trending.SEEN_SECONDS)
        weight = f"trending:address:{view.article_id}:{view.address}:{half_hour}"
        if _increment(weight, trending.SEEN_SECONDS) > self.address_cap:
            return trending.Outcome.CAPPED
        with _lock:
            _pending[(view.article_id, _hour(view.at))] += 1
            due = time.monotonic() - _flushed[0] >= FLUSH_SECONDS
        if due:
            self.flush()
        return trending.Outcome.COUNTED

    def flush(self) -> None:
        """Write the views counted in this process since the last flush."""
        with _lock:
            batch = dict(_pending)
            _pending.clear()
            _flushed[0] = time.monotonic()
        for (article_id, hour), views in batch.items():
            self._write(article_id, hour, views)

    def add(self, article_id: int, views: int, at: float) -> None:
        self._write(article_id, _hour(at), views)

    @staticmethod
    def _write(article_id: int, hour: datetime, views: int) -> None:
        rows = ArticleViewCount.objects.filter(article_id=article_id, hour=hour)
        if rows.update(views=F("views") + views):
            return
        try:
            with transaction.atomic():
                ArticleViewCount.objects.create(article_id=article_id, hour=hour, views=views)
        except IntegrityError:  # created meanwhile by another process, or the story is gone
            rows.update(views=F("views") + views)

    def top(self, limit: int, now: float) -> list[tuple[int, float]]:
        self.flush()
        newest = _hour(now)
        hours = [newest - timedelta(hours=n) for n in range(settings.HERALD_TRENDING_HOURS)]
        weight = Case(
            # An hour's views are taken at its middle (the current hour: half of it so far).
            *[When(hour=h, then=Value(trending.decay(now - h.timestamp() - 1800)))
              for h in hours],
            default=Value(0.0), output_field=FloatField(),
        )
        rows = (
            ArticleViewCount.objects.filter(hour__gte=hours[-1], hour__lte=newest)
            .values("article_id")
            .annotate(score=Sum(F("views") * weight, output_field=FloatField()))
            .order_by("-score", "-article_id")[:limit]
        )
        return [(row["article_id"], row["score"]) for row in rows]

    def clear(self) -> None:
        with _lock:
            _pending.clear()
        ArticleViewCount.objects.all().delete()
