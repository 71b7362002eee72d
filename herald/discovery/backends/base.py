"""The interface every Trending backend implements."""

from __future__ import annotations

from django.conf import settings


class TrendingBackend:
    """Counts views (with de-duplication, the per-address cap and the beacon rate
    limit) and ranks stories by decayed score."""

    def record(self, view) -> str:
        """Count ``view`` if it should count; return a ``trending.Outcome``."""
        raise NotImplementedError

    def top(self, limit: int, now: float) -> list[tuple[int, float]]:
        """The ``limit`` highest (story id, score) pairs at ``now``, best first."""
        raise NotImplementedError

    def add(self, article_id: int, views: int, at: float) -> None:
        """Add ``views`` already-checked views of a story read at ``at`` (the demo's history)."""
        raise NotImplementedError

    def clear(self) -> None:
        """Forget every count (tests, benchmarks)."""
        raise NotImplementedError

    @property
    def address_cap(self) -> int:
        return settings.HERALD_TRENDING_ADDRESS_CAP

    @property
    def beacon_rate(self) -> int:
        return settings.HERALD_VIEW_BEACON_RATE
