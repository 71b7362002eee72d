"""Anything that changes what readers see bumps the content version, so cached
pages and fragments are rebuilt on the next request."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from herald.core import content_version


@receiver(page_published)
@receiver(page_unpublished)
@receiver(page_slug_changed)
@receiver(post_page_move)
def page_changed(sender, **kwargs):
    content_version.bump()


@receiver(post_save)
@receiver(post_delete)
def reader_visible_model_changed(sender, **kwargs):
    from wagtail.models import Page

    from herald.articles.models import Person, Topic
    from herald.discovery.models import EditorsPick, EditorsPicks
    from herald.newsroom.models import PublicationSettings

    if issubclass(sender, (Topic, Person, EditorsPicks, EditorsPick, PublicationSettings)) or (
        kwargs.get("signal") is post_delete and issubclass(sender, Page)
    ):
        content_version.bump()
