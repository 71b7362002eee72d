"""Trending Stories: the most-read published stories of the last hours.

Views arrive through a small beacon request sent by the page itself, so a page
served from any cache still counts. Bots are excluded by user agent, and one
reader counts once per story per hour.
"""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone

from herald.articles.models import ArticlePage
from herald.discovery.models import ArticleViewCount

BOT_PATTERN = re.compile(
    r"bot|crawl|spider|slurp|facebookexternalhit|embedly|preview|monitor|curl|wget|"
    r"python-requests|httpclient|headless|lighthouse|pingdom|uptime|feedfetcher|wrk",
    re.IGNORECASE,
)
TRENDING_CACHE_KEY = "discovery:trending:v1"


def is_bot(user_agent: str) -> bool:
    return not user_agent or bool(BOT_PATTERN.search(user_agent))


def current_hour(now=None):
    now = now or timezone.now()
    return now.replace(minute=0, second=0, microsecond=0)


def record_view(article_id: int, *, reader_key: str, user_agent: str, now=None) -> bool:
    """Count one read of a story. Returns False when it was not counted."""
    if is_bot(user_agent):
        return False
    hour = current_hour(now)
    reader = hashlib.sha256(f"{settings.SECRET_KEY}:{reader_key}".encode()).hexdigest()[:24]
    if not cache.add(f"viewed:{article_id}:{reader}:{hour:%Y%m%d%H}", 1, timeout=3600):
        return False
    updated = ArticleViewCount.objects.filter(article_id=article_id, hour=hour).update(
        views=F("views") + 1
    )
    if not updated:
        try:
            with transaction.atomic():
                ArticleViewCount.objects.create(article_id=article_id, hour=hour, views=1)
        except IntegrityError:
            ArticleViewCount.objects.filter(article_id=article_id, hour=hour).update(
                views=F("views") + 1
            )
    return True


def trending_stories(limit: int = 5, *, now=None) -> list[ArticlePage]:
    """The most-read live stories of the trending window, most-read first."""
    since = current_hour(now) - timedelta(hours=settings.HERALD_TRENDING_HOURS - 1)
    ranked = (
        ArticleViewCount.objects.filter(hour__gte=since, article__live=True)
        .values("article_id")
        .annotate(total=Sum("views"))
        .order_by("-total", "-article_id")[:limit]
    )
    ids = [row["article_id"] for row in ranked]
    pages = ArticlePage.objects.live().select_related("desk").in_bulk(ids)
    return [pages[i] for i in ids if i in pages]


def trending_ids(limit: int = 10, *, now=None) -> list[int]:
    """The ids of the trending stories, best first."""
    return [story.pk for story in trending_stories(limit, now=now)]
