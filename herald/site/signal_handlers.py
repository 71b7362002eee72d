"""Anything that changes what readers see bumps the content version, so cached
pages and fragments are rebuilt on the next request."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from herald.articles.models import Person, Topic
from herald.core import content_version
from herald.discovery.models import EditorsPick, EditorsPicks
from herald.newsroom.models import PublicationSettings
from herald.site import redirects

READER_VISIBLE_MODELS = (Topic, Person, EditorsPicks, EditorsPick, PublicationSettings)

page_slug_changed.connect(redirects.redirect_published_slug_change)
post_page_move.connect(redirects.redirect_published_move)


@receiver(page_published)
@receiver(page_unpublished)
@receiver(page_slug_changed)
@receiver(post_page_move)
def page_changed(sender, **kwargs):
    content_version.bump()


def reader_visible_model_changed(sender, **kwargs):
    content_version.bump()


# Connected per model, not to every save in the project: page-view counts and
# sessions are written on hot paths and never change what a page shows.
for model in READER_VISIBLE_MODELS:
    post_save.connect(reader_visible_model_changed, sender=model)
    post_delete.connect(reader_visible_model_changed, sender=model)


@receiver(post_delete)
def page_deleted(sender, **kwargs):
    if issubclass(sender, Page):
        content_version.bump()
