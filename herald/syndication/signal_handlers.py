"""Purge the HTTP cache in front of Herald when a page is published or unpublished.

A story's publish, unpublish or correction (a correction is published as a new
revision) changes more than its own page: the home page, its desk, its topics,
the archive's index and month, the feeds that list it and the sitemaps. All of
them go to Wagtail's front-end cache in one ``PurgeBatch`` (one background
task, one HTTP PURGE per address to ``HERALD_FRONTEND_CACHE_URL``); a
published slug change purges the old address too, which now redirects. Herald
connects this itself instead of installing ``wagtail.contrib.frontend_cache``,
whose handlers purge only the page that changed and would queue a task on
every publish even with no cache configured.
"""

from __future__ import annotations

from django.conf import settings
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.signals import page_published, page_slug_changed, page_unpublished

from herald.articles.models import ArticlePage
from herald.syndication.feeds import FORMATS, feed_url
from herald.syndication.sitemaps import SECTIONS


def listing_paths(story: ArticlePage, site) -> list[str]:
    """Every address on ``site`` besides the story's own whose content lists ``story``."""
    paths = ["/", "/topics/", "/archive/"]
    if story.first_published_at:
        published = timezone.localtime(story.first_published_at)
        paths += [f"/archive/{published:%Y}/", f"/archive/{published:%Y/%m}/"]
    if story.desk_id:
        paths.append(story.desk.relative_url(site))
    topics = list(story.topics.values_list("slug", flat=True))
    paths += [f"/topics/{slug}/" for slug in topics]
    for fmt in FORMATS:
        paths.append(feed_url("publication", fmt))
        if story.desk_id:
            paths.append(feed_url("desk", fmt, story.desk.slug))
        paths += [feed_url("topic", fmt, slug) for slug in topics]
    paths.append(reverse("sitemap"))
    paths += [reverse("sitemap-section", args=[section]) for section in SECTIONS]
    return [path for path in dict.fromkeys(paths) if path]


@receiver(page_published)
@receiver(page_unpublished)
def purge_front_end_cache(sender, instance, **kwargs):
    if not settings.WAGTAILFRONTENDCACHE:
        return
    batch = PurgeBatch()
    batch.add_page(instance)
    page = instance.specific_deferred
    if isinstance(page, ArticlePage):
        site = page.get_site()
        if site is not None:
            batch.add_urls(site.root_url + path for path in listing_paths(page, site))
    batch.purge()


@receiver(page_slug_changed)
def purge_old_address(sender, instance, instance_before, **kwargs):
    """A published slug change: the old address now redirects, so drop its cached page."""
    if not settings.WAGTAILFRONTENDCACHE:
        return
    batch = PurgeBatch()
    batch.add_page(instance_before)
    batch.purge()
