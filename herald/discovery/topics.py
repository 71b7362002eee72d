"""Topics as readers browse them: the /topics/ index and a desk's topics."""

from __future__ import annotations

from django.db.models import Count, Q

from herald.articles.models import Topic


def topic_index() -> list[Topic]:
    """Every topic with at least one published story, with ``stories`` counted: one query."""
    return list(
        Topic.objects.annotate(stories=Count("articles", filter=Q(articles__live=True)))
        .filter(stories__gt=0)
        .order_by("name")
    )


def desk_topics(desk_id: int, limit: int = 12) -> list[Topic]:
    """The topics a desk writes about most, most stories first: one query."""
    return list(
        Topic.objects.filter(articles__desk_id=desk_id, articles__live=True)
        .annotate(stories=Count("articles"))
        .order_by("-stories", "name")[:limit]
    )
