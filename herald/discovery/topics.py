"""Topics as readers browse them: the /topics/ index and a desk's topics."""

from __future__ import annotations

from django.db.models import Count

from herald.articles.models import ArticlePage, Topic
from herald.discovery import counts


def topic_index() -> list[Topic]:
    """Every topic with at least one published story, with ``stories``: one query.

    The counts are kept at publish time (``herald.discovery.counts``): counting
    every topic's stories on each render cost in proportion to the archive.
    """
    return counts.topics()


RECENT = 200


def desk_topics(desk_id: int, limit: int = 12) -> list[Topic]:
    """The topics of a desk's latest ``RECENT`` stories, most stories first: one query.

    Counting over the desk's whole archive cost in proportion to it (every story
    the desk ever published, on every render of the desk page); its recent
    stories say what it writes about now, at the same cost at any size.
    """
    recent = (
        ArticlePage.objects.live().filter(desk_id=desk_id)
        .order_by("-first_published_at").values("pk")[:RECENT]
    )
    return list(
        Topic.objects.filter(articles__in=recent)
        .annotate(stories=Count("articles"))
        .order_by("-stories", "name")[:limit]
    )
