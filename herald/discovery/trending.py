"""Trending Stories: the most-read published stories, with older reads fading.

Views arrive through a small beacon request sent by the page itself, so a page
served from any cache still counts. A view counts when:

- it is not from a bot or a prefetch/prerender (``is_bot``, ``is_prefetch``);
- the address has not sent more than ``HERALD_VIEW_BEACON_RATE`` beacons this
  minute (answered 429);
- the same reader has not been counted for this story in the last half hour,
  the reader being a signed first-party cookie the beacon sets *and* the
  client address (without the cookie: the address alone) — never the
  User-Agent, which any client chooses;
- the address has not already counted ``HERALD_TRENDING_ADDRESS_CAP`` views of
  this story in the last half hour: however many cookies one address
  collects, its weight in the score stays small.

Score: every counted view weighs ``2 ** (-age / half-life)``
(``HERALD_TRENDING_HALF_LIFE_HOURS``, 6 by default); ties go to the newer
story. Storage is a backend (``backends/``): the database by default, Redis
sorted sets when ``REDIS_URL`` is set.
"""

from __future__ import annotations

import hashlib
import re
import time
from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string

from herald.articles.models import ArticlePage

BOT_PATTERN = re.compile(
    r"bot|crawl|spider|slurp|facebookexternalhit|embedly|preview|monitor|curl|wget|"
    r"python-requests|httpclient|headless|lighthouse|pingdom|uptime|feedfetcher|wrk",
    re.IGNORECASE,
)
SEEN_SECONDS = 1800  # one view per reader per story per half hour
BACKENDS = {
    "database": "herald.discovery.backends.database.DatabaseTrending",
    "redis": "herald.discovery.backends.redis.RedisTrending",
}


class Outcome:
    COUNTED = "counted"
    BOT = "bot"
    DUPLICATE = "duplicate"
    CAPPED = "capped"
    LIMITED = "limited"
    UNAVAILABLE = "unavailable"  # the store could not be reached


@dataclass(frozen=True)
class View:
    """One beacon, as the backend needs it: hashed reader and address, the time."""

    article_id: int
    reader: str
    address: str
    at: float


def is_bot(user_agent: str) -> bool:
    return not user_agent or bool(BOT_PATTERN.search(user_agent))


def is_prefetch(headers) -> bool:
    """A speculative load (prefetch, prerender, link preview) rather than a reader."""
    purpose = " ".join(
        headers.get(name, "") for name in ("Sec-Purpose", "Purpose", "X-Purpose", "X-Moz")
    ).lower()
    return "prefetch" in purpose or "prerender" in purpose or "preview" in purpose


def half_life_seconds() -> float:
    return settings.HERALD_TRENDING_HALF_LIFE_HOURS * 3600.0


def decay(age_seconds: float) -> float:
    """The weight of a view ``age_seconds`` old."""
    return 2.0 ** (-max(age_seconds, 0.0) / half_life_seconds())


def _digest(value: str) -> str:
    return hashlib.blake2b(
        value.encode(), key=settings.SECRET_KEY.encode()[:64], digest_size=12
    ).hexdigest()


def backend_name() -> str:
    """HERALD_TRENDING_BACKEND, else Redis when the default cache is Redis (REDIS_URL set).

    The Redis store keeps its sorted sets on the default cache's connection, so it
    follows the cache actually configured rather than the variable behind it.
    """
    if settings.HERALD_TRENDING_BACKEND:
        return settings.HERALD_TRENDING_BACKEND
    cache_backend = settings.CACHES["default"]["BACKEND"]
    return "redis" if cache_backend.startswith("django_redis.") else "database"


def get_backend():
    return import_string(BACKENDS[backend_name()])()


def record_view(
    article_id: int, *, address: str, reader_id: str = "", user_agent: str,
    headers=None, now: float | None = None,
) -> str:
    """Count one read of a story if it should count; returns an ``Outcome``."""
    if is_bot(user_agent) or is_prefetch(headers or {}):
        return Outcome.BOT
    address_key = _digest(f"address:{address}")
    reader = _digest(f"reader:{reader_id}|{address}")
    view = View(article_id, reader, address_key, time.time() if now is None else now)
    return get_backend().record(view)


def trending_scores(limit: int = 10, *, now: float | None = None) -> list[tuple[int, float]]:
    """(story id, score) of the live stories with the highest scores, ties to the newer."""
    return [(pk, score) for pk, score, _ in _ranked(limit, now)]


def trending_ids(limit: int = 10, *, now: float | None = None) -> list[int]:
    """The ids of the trending stories, best first."""
    return [pk for pk, _, _ in _ranked(limit, now)]


def trending_revisions(limit: int = 10, *, now: float | None = None) -> list[tuple[int, int]]:
    """(story id, live revision id) of the trending stories, best first."""
    return [(pk, revision) for pk, _, revision in _ranked(limit, now)]


def _ranked(limit: int, now: float | None) -> list[tuple[int, float, int]]:
    """(story id, score, live revision id), best first, ties to the newer story."""
    now = time.time() if now is None else now
    ranked = get_backend().top(limit * 2 + 5, now)
    live = {
        pk: (published, revision) for pk, published, revision in
        ArticlePage.objects.live().filter(pk__in=[pk for pk, _ in ranked])
        .values_list("pk", "first_published_at", "live_revision_id")
    }
    scored = [(pk, score, live[pk][1]) for pk, score in ranked if pk in live and score > 0]
    scored.sort(key=lambda row: (-round(row[1], 9), -live[row[0]][0].timestamp()))
    return scored[:limit]


def trending_stories(limit: int = 5, *, now: float | None = None) -> list[ArticlePage]:
    ids = trending_ids(limit, now=now)
    pages = ArticlePage.objects.live().select_related("desk").in_bulk(ids)
    return [pages[i] for i in ids if i in pages]
