from __future__ import annotations

from herald.articles.models import ArticlePage
from herald.discovery.models import EditorsPick


def editors_picks(site, limit: int = 5, exclude: int | None = None) -> list[ArticlePage]:
    """The editors' ordered picks that are live, skipping the story being read."""
    picks = (
        EditorsPick.objects.filter(picks__site=site, article__live=True)
        .select_related("article__desk")
        .order_by("sort_order")
    )
    return [p.article for p in picks if p.article_id != exclude][:limit]
