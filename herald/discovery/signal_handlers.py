"""Publishing a story (or a new revision of it) recomputes its related stories in
the background (not inside ``related.refreshes_deferred()``: a bulk load that
rebuilds every list when it is done); unpublishing or deleting it takes it out of
every list. The month and topic counts and the PostgreSQL search table change in
the publish itself (a few indexed counts, one row), so pages cached under the
version the publish sets show them."""

from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished, post_page_move

from herald.articles.models import ArticlePage
from herald.discovery import counts, related, search_table, suggestions, versions
from herald.discovery.models import EditorsPick, EditorsPicks
from herald.discovery.tasks import forget_related, refresh_related

for model in (EditorsPicks, EditorsPick):
    post_save.connect(versions.picks_changed, sender=model)
    post_delete.connect(versions.picks_changed, sender=model)


@receiver(page_published, sender=ArticlePage)
def story_published(sender, instance, **kwargs):
    # In the publish itself, so pages cached under the version it sets show them.
    counts.remember(instance.pk)
    search_table.index_story(instance.pk)
    versions.story_changed(instance.pk)
    if not related.refreshes_are_deferred():  # a bulk load rebuilds every list after
        refresh_related.enqueue(instance.pk)


@receiver(page_unpublished, sender=ArticlePage)
def story_unpublished(sender, instance, **kwargs):
    # Also sent by Wagtail before a live page is deleted, while it is still live.
    counts.forget(instance.pk)
    search_table.forget(instance.pk)
    versions.story_changed(instance.pk)
    forget_related.enqueue(instance.pk)


@receiver(pre_delete, sender=ArticlePage)
def story_deleted(sender, instance, **kwargs):
    # Before the cascade removes the rows that say which lists offered it, its words and
    # what it was counted under.
    suggestions.forget(instance.pk)
    counts.forget(instance.pk)
    for pk in related.forget(instance.pk):
        refresh_related.enqueue(pk)


@receiver(post_page_move, sender=ArticlePage)
def story_moved(sender, instance, **kwargs):
    # A story moved under another desk is found under it at once (search's desk filter);
    # herald.articles has moved its desk.
    search_table.follow_move(instance.pk)
