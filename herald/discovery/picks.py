"""Editor's Picks: the stories the editors recommend, publication-wide and per desk."""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone

from herald.articles.models import ArticlePage
from herald.discovery.models import EditorsPick


def editors_picks(
    site, limit: int = 5, exclude: int | None = None, desk: int | None = None, now=None
) -> list[ArticlePage]:
    """The live, unexpired picks in the editors' order: the desk's own first, then the
    publication's. One query."""
    now = now or timezone.now()
    picks = (
        EditorsPick.objects.filter(picks__site=site, article__live=True)
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
        .filter(Q(desk__isnull=True) | Q(desk_id=desk))
        .select_related("article__desk")
        .order_by("sort_order")
    )
    ordered = sorted(picks, key=lambda p: p.desk_id is None)  # stable: desk picks first
    chosen = list(dict.fromkeys(p.article for p in ordered if p.article_id != exclude))
    return chosen[:limit]
