"""Sitemaps for search engines: an index, its sections, and a Google News sitemap.

``/sitemap.xml`` is a sitemap index (Django's ``sitemaps.views.index``) naming
each section's files; each file holds at most ``LIMIT`` (50,000) addresses,
the protocol's limit, and ``?p=2`` and on hold the rest. Sections are Django
``Sitemap`` classes; unlike Django's and Wagtail's own ``sitemap`` view,
which build every entry (Wagtail: every page's ``.specific`` object) in
memory before rendering, a section file is streamed: the stories come from a
database cursor (``QuerySet.iterator``) as plain rows, written as they arrive.

- ``stories``: every live, public story, ``lastmod`` its last publication
  (a correction republishes, so it moves).
- ``pages``: the home page, desks and other pages, every topic page and the
  archive's months, each ``lastmod`` the later of its own publication and its
  newest story's.
- ``news``: the Google News sitemap, stories first published in the last 48
  hours, newest first, at most 1,000 (Google's limits).

Every address is absolute on the host the request came to, as Django's index
names the section files.

A file's own date (the index's ``lastmod`` for it, its ``Last-Modified``) is the
later of its newest entry and the last removal of a page (``changes``): an
unpublished story changes the file without adding a newer entry. The News
sitemap also changes when a story leaves its 48 hours (``left_window_at``).
"""

from __future__ import annotations

from datetime import UTC, timedelta

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.db.models.functions import TruncMonth
from django.utils import timezone
from wagtail.models import Page

from herald.articles.models import ArticlePage, Topic
from herald.syndication.changes import last_removal, later

LIMIT = 50_000
NEWS_HOURS = 48
NEWS_LIMIT = 1_000


def page_path(url_path: str, root_path: str) -> str:
    """A page's address on its site, from Wagtail's ``url_path`` and the site root's."""
    return "/" + url_path[len(root_path):]


def w3c(moment) -> str | None:
    return moment.astimezone(UTC).isoformat(timespec="seconds") if moment else None


class SiteSitemap(Sitemap):
    """A section of one Wagtail site; entries are (address, lastmod) pairs."""

    limit = LIMIT

    def __init__(self, site):
        self.site = site
        self.root_path = site.root_page.url_path

    def location(self, item) -> str:
        return item[0]

    def lastmod(self, item):
        return item[1]

    def stories(self):
        """The site's live stories every reader may find."""
        return ArticlePage.objects.live().public().descendant_of(self.site.root_page)

    def entries(self, number: int):
        """The (address, lastmod) pairs of file ``number``, read as they are written."""
        object_list = self.paginator.page(number).object_list
        rows = object_list.iterator(chunk_size=2000) if hasattr(object_list, "iterator") else (
            iter(object_list))
        for item in rows:
            yield self.location(item), self.lastmod(item)


class StorySitemap(SiteSitemap):
    def items(self):
        return self.stories().order_by("pk").values_list("url_path", "last_published_at")

    def location(self, item) -> str:
        return page_path(item[0], self.root_path)

    def get_latest_lastmod(self):
        return later(self.stories().aggregate(latest=Max("last_published_at"))["latest"],
                     last_removal())


class PageSitemap(SiteSitemap):
    """Every live public page that is not a story, each topic, and the archive's months."""

    def items(self):
        """Each page's ``lastmod`` is when what it shows last changed: its own publication
        or that of the newest story it lists (the home page: any story; a desk: its own;
        a topic or an archive month: theirs)."""
        root = self.site.root_page
        stories = self.stories()
        listed = dict(stories.order_by().values("desk").annotate(latest=Max("last_published_at"))
                      .values_list("desk", "latest"))
        newest = later(*listed.values())  # the newest of every desk's newest
        listed[root.pk] = newest
        pages = [
            (page_path(url_path, self.root_path), later(modified, listed.get(pk)))
            for pk, url_path, modified in Page.objects.live().public()
            .descendant_of(root, inclusive=True).not_type(ArticlePage).order_by("path")
            .values_list("pk", "url_path", "last_published_at")
        ]
        topics = (  # filtered before the annotation, so it counts these stories only
            Topic.objects.filter(articles__in=stories)
            .annotate(latest=Max("articles__last_published_at"))
            .order_by("slug").values_list("slug", "latest")
        )
        pages += [(f"/topics/{slug}/", latest) for slug, latest in topics]
        months = (stories.annotate(month=TruncMonth("first_published_at")).order_by("-month")
                  .values("month").annotate(latest=Max("last_published_at"))
                  .values_list("month", "latest"))
        months = list(months)
        if months:
            pages.append(("/archive/", newest))
        pages += [(f"/archive/{month:%Y/%m}/", latest) for month, latest in months]
        return pages

    def get_latest_lastmod(self):
        return later(Page.objects.live().public().descendant_of(
            self.site.root_page, inclusive=True).aggregate(
            latest=Max("last_published_at"))["latest"], last_removal())


class NewsSitemap(SiteSitemap):
    """Google News: stories first published in the last 48 hours, newest first."""

    limit = NEWS_LIMIT

    def since(self):
        return timezone.now() - timedelta(hours=NEWS_HOURS)

    def items(self):
        return (
            self.stories().filter(first_published_at__gte=self.since())
            .order_by("-first_published_at")
            .values_list("url_path", "last_published_at", "first_published_at", "title")
            [:NEWS_LIMIT]
        )

    def location(self, item) -> str:
        return page_path(item[0], self.root_path)

    def entries(self, number: int):
        for item in self.items().iterator(chunk_size=NEWS_LIMIT):
            yield self.location(item), item[1], item[2], item[3]

    def left_window_at(self):
        """When the last story to leave the 48 hours left them (None: none has yet)."""
        older = self.stories().filter(first_published_at__lt=self.since()).aggregate(
            latest=Max("first_published_at"))["latest"]
        return older + timedelta(hours=NEWS_HOURS) if older else None

    def get_latest_lastmod(self):
        return later(max((item[1] for item in self.items()), default=None), last_removal(),
                     self.left_window_at())


SECTIONS = {"stories": StorySitemap, "pages": PageSitemap, "news": NewsSitemap}
