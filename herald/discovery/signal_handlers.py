"""Publishing a story (or a new revision of it) recomputes its related stories in
the background; unpublishing or deleting it takes it out of every list."""

from django.db.models.signals import pre_delete
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from herald.articles.models import ArticlePage
from herald.discovery import related, suggestions
from herald.discovery.tasks import forget_related, refresh_related


@receiver(page_published, sender=ArticlePage)
def story_published(sender, instance, **kwargs):
    refresh_related.enqueue(instance.pk)


@receiver(page_unpublished, sender=ArticlePage)
def story_unpublished(sender, instance, **kwargs):
    forget_related.enqueue(instance.pk)


@receiver(pre_delete, sender=ArticlePage)
def story_deleted(sender, instance, **kwargs):
    # Before the cascade removes the rows that say which lists offered it, and its words.
    suggestions.forget(instance.pk)
    for pk in related.forget(instance.pk):
        refresh_related.enqueue(pk)
