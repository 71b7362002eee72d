"""Background work for discovery: the "More" lists, computed off the request."""

from __future__ import annotations

from django_tasks import task

from herald.articles.models import ArticlePage
from herald.discovery import related, suggestions, versions


@task()
def refresh_related(article_id: int) -> int:
    """Recompute a published story's related stories and offer it to its neighbours."""
    article = ArticlePage.objects.live().filter(pk=article_id).select_related("desk").first()
    if article is None:  # unpublished again before the task ran
        return 0
    suggestions.remember(article)  # the search suggestions' vocabulary, from its public words
    offered = related.refresh(article)
    versions.related_lists_changed()
    return offered


@task()
def forget_related(article_id: int) -> int:
    """Drop an unpublished story from every list, and refill the lists it leaves."""
    suggestions.forget(article_id)
    affected = related.forget(article_id)
    versions.related_lists_changed()
    for pk in affected:
        refresh_related.enqueue(pk)
    return len(affected)
