"""Anything that changes what readers see bumps the content version, so cached
pages and fragments are rebuilt on the next request.

What a story's own parts refer to outside its revision (desks and other
pages, page addresses, people, topics, pictures, the publication's identity,
the sites), and view restrictions, bump the reference version as well, so every story renders its
parts afresh (herald.articles.fragments). Publishing or unpublishing a story
does not: its own parts are keyed by its revision, and other stories' parts
show no more of it than its address.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from herald.articles.models import ArticlePage, Person, Topic
from herald.core import content_version, sites
from herald.discovery.models import EditorsPick, EditorsPicks
from herald.newsroom.models import PublicationSettings
from herald.site import redirects
from herald.site.models import HomePage

READER_VISIBLE_MODELS = (EditorsPicks, EditorsPick)
# What a story's parts (byline, metadata, body, boxes) show beside its revision, and
# what else is cached under the reference version (view restrictions, the settings).
REFERENCED_MODELS = (Topic, Person, PublicationSettings, Site, PageViewRestriction,
                     get_image_model())

page_slug_changed.connect(redirects.redirect_published_slug_change)
post_page_move.connect(redirects.redirect_published_move)


@receiver(page_published)
@receiver(page_unpublished)
def page_changed(sender, instance=None, **kwargs):
    if isinstance(instance, ArticlePage) and not sites.roots_a_site(instance):
        HomePage.forget_route(instance)
        content_version.bump()
    else:
        # A desk's name and description appear in every one of its stories; a site's
        # root page is kept with the site (herald.core.sites.find_site).
        content_version.bump_references()


@receiver(page_slug_changed)
@receiver(post_page_move)
def page_address_changed(sender, **kwargs):
    content_version.bump_references()


def reader_visible_model_changed(sender, **kwargs):
    content_version.bump()


def referenced_model_changed(sender, **kwargs):
    content_version.bump_references()


# Connected per model, not to every save in the project: page-view counts and
# sessions are written on hot paths and never change what a page shows.
for model in READER_VISIBLE_MODELS:
    post_save.connect(reader_visible_model_changed, sender=model)
    post_delete.connect(reader_visible_model_changed, sender=model)
for model in REFERENCED_MODELS:
    post_save.connect(referenced_model_changed, sender=model)
    post_delete.connect(referenced_model_changed, sender=model)


@receiver(post_delete)
def page_deleted(sender, **kwargs):
    if issubclass(sender, Page):
        content_version.bump_references()
