"""The "More" block: related stories for an article.

This first ranking is simple on purpose: same desk and shared topics, newest
first, topping up with the desk's latest stories. It sits behind one function
so a better ranking can replace it.
"""

from __future__ import annotations

from herald.articles.models import ArticlePage


def related_stories(article: ArticlePage, limit: int = 3) -> list[ArticlePage]:
    base = (
        ArticlePage.objects.live()
        .exclude(pk=article.pk)
        .filter(desk_id=article.desk_id)
        .order_by("-first_published_at")
    )
    # .all(), not values_list: it reads prefetched topics and a preview's unsaved ones.
    topic_ids = [topic.pk for topic in article.topics.all()]
    chosen: list[ArticlePage] = []
    if topic_ids:
        chosen = list(base.filter(topics__in=topic_ids).distinct()[:limit])
    if len(chosen) < limit:
        chosen += list(base.exclude(pk__in=[p.pk for p in chosen])[: limit - len(chosen)])
    return chosen
