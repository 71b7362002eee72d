"""The reader site's pages: home (with topic and archive routes) and support."""

from __future__ import annotations

import logging
from datetime import date
from urllib.parse import urlencode

from django.db import DatabaseError, models
from django.http import Http404
from django.shortcuts import get_object_or_404
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.url_routing import RouteResult

from herald.articles import lead_images
from herald.articles.models import ArticleKind, ArticlePage, Topic
from herald.core import content_version
from herald.core.pagination import keyset_paginate, paginate
from herald.discovery import counts as story_counts
from herald.discovery import search as story_search
from herald.discovery import suggestions
from herald.discovery.topics import topic_index
from herald.newsroom.models import DeskPage
from herald.site.listing import home_sections
from herald.site.prefetch import prefetch_story_page

logger = logging.getLogger(__name__)
SUGGEST_BELOW = 3  # "Did you mean …" when a search finds fewer stories than this
ROUTE_SECONDS = 3600


def route_key(url_path: str) -> str:
    """The cache key of the live story at ``url_path`` (``HomePage.live_story``)."""
    return f"route:{url_path}"


class HomePage(RoutablePageMixin, Page):
    intro = models.CharField(max_length=300, blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["newsroom.DeskPage", "site.SupportPage", "letters.LettersPage"]
    template = "site/home_page.html"
    max_count = 1

    @path("", name="front")
    def front(self, request):
        """The front page: the top story and each desk's latest (the other routes need neither)."""
        return self.render(request, context_overrides=home_sections(self))

    def route(self, request, path_components):
        """Wagtail's routing, with a story's address (``<desk>/<story>/``) found in one query.

        Wagtail walks home, desk, story: a query and a ``.specific`` per level.
        The live story at ``<desk>/<story>/`` is the live story whose URL path is
        this page's and those two slugs, two levels below this page: the page
        Wagtail's walk ends on (a desk routes like any page, and Wagtail serves
        the last page only when it is live), found in one query with its desk.
        This page's own routes (topics, archive, search) come first, as in
        Wagtail; anything else (an unpublished or scheduled story, which Wagtail
        answers with a 404 for the redirects to look at, or another kind of
        page) goes Wagtail's way. View restrictions are checked after routing,
        by Wagtail's serve hooks, as for any page. The story found is kept
        (``live_story``), so the query runs once after each change to it; a
        story found here has what its page reads from the cache fetched in one
        round trip (``herald.site.prefetch``).
        """
        if len(path_components) == 2 and not self.routes_here(path_components):
            story = self.live_story(*path_components)
            if story is not None:
                prefetch_story_page(request, story)
                return RouteResult(story)
        return super().route(request, path_components)

    def live_story(self, desk: str, slug: str) -> ArticlePage | None:
        """The live story at ``<desk>/<slug>/`` below this page, with its desk.

        Kept under the reference version, which moves, renames, deletions and desk
        changes bump, and dropped when that story is published or unpublished
        (``forget_route``): publishing one story does not make every other story's
        page read its story again. An address without a live story is not kept.
        """
        url_path = f"{self.url_path}{desk}/{slug}/"
        key = route_key(url_path)
        version, found = content_version.lookup([key], content_version.REFERENCES_KEY)
        if key in found:
            return found[key]
        story = (
            ArticlePage.objects.live().select_related("desk")
            .filter(url_path=url_path, depth=self.depth + 2, path__startswith=self.path)
            .first()
        )
        if story is not None:
            content_version.store(key, version, story, ROUTE_SECONDS)
        return story

    @staticmethod
    def forget_route(story: ArticlePage) -> None:
        """Drop the kept route to ``story`` (it was published or unpublished)."""
        content_version.forget(route_key(story.url_path))

    def routes_here(self, path_components) -> bool:
        """Whether one of this page's own routes answers these path components."""
        if not self.live:
            return False
        try:
            self.resolve_subpage("/" + "/".join(path_components) + "/")
        except Http404:
            return False
        return True

    @path("topics/", name="topics")
    def topics(self, request):
        return self.render(
            request, context_overrides={"topics": topic_index()},
            template="site/topic_index.html",
        )

    @path("topics/<slug:slug>/", name="topic")
    def topic(self, request, slug):
        topic = get_object_or_404(Topic, slug=slug)
        stories = ArticlePage.objects.live().filter(topics=topic).select_related("desk")
        return self.render(
            request,
            context_overrides={"topic": topic, "page_obj": keyset_paginate(stories, request)},
            template="site/topic.html",
        )

    @path("archive/", name="archive")
    def archive_index(self, request):
        # Kept at publish time: listing the months of every story cost in proportion to
        # the archive (herald.discovery.counts).
        months = story_counts.months()
        return self.render(
            request, context_overrides={"months": months}, template="site/archive_index.html"
        )

    @re_path(r"^archive/(?P<year>\d{4})/$", name="archive_year")
    def archive_year(self, request, year):
        year = int(year)
        months = story_counts.months_of_year(year)
        if not months:
            # No story that year: not in the archive, as an empty month is not.
            raise Http404("No stories that year")
        return self.render(
            request,
            context_overrides={"year": year, "months": months},
            template="site/archive_year.html",
        )

    @re_path(r"^archive/(?P<year>\d{4})/(?P<month>\d{2})/$", name="archive_month")
    def archive_month(self, request, year, month):
        year, month = int(year), int(month)
        if not 1 <= month <= 12:
            raise Http404("No such month")
        start, end = story_counts.month_range(date(year, month, 1))
        stories = (
            ArticlePage.objects.live()
            .filter(first_published_at__range=(start, end))
            .select_related("desk")
        )
        page = keyset_paginate(stories, request, per_page=50)
        if not page and not page.has_other_pages:
            # No story that month: not in the archive (its index lists none), so not a page.
            raise Http404("No stories that month")
        return self.render(
            request,
            context_overrides={"month": start, "page_obj": page},
            template="site/archive_month.html",
        )

    @path("search/", name="search")
    def search(self, request):
        query = story_search.clean_query(request.GET.get("q", ""))
        desks = list(DeskPage.objects.live().child_of(self).order_by("path"))
        filters = story_search.parse_filters(request.GET, desks)
        results, status, suggestion = None, 200, None
        if query:
            try:
                results = paginate(story_search.search_stories(request, query, filters), request)
                story_search.show(results.object_list, desks)
                lead_images.with_pictures([result.story for result in results])
            except DatabaseError:
                # A query the search backend still cannot parse: the reader gets the
                # page with no results, not a server error.
                logger.warning("Search failed for %r", query, exc_info=True)
                results, status = paginate([], request), 400
            if results.paginator.count < SUGGEST_BELOW:
                suggestion = suggestions.suggest(query)
        response = self.render(
            request,
            context_overrides={
                "query": query, "page_obj": results, "filters": filters, "desks": desks,
                "suggestion": suggestion,
                "suggestion_query": urlencode({"q": suggestion or "", **filters.as_query()}),
                "kinds": ArticleKind.choices, "topics": Topic.objects.order_by("name"),
                "filter_query": urlencode({"q": query, **filters.as_query()}),
            },
            template="site/search.html",
        )
        response.status_code = status
        return response


class SupportPage(Page):
    """The page the "Show your support" prompt links to; editors write its text."""

    body = RichTextField(features=["h2", "h3", "bold", "italic", "link", "ol", "ul"])

    content_panels = Page.content_panels + [FieldPanel("body")]
    parent_page_types = ["site.HomePage"]
    subpage_types: list[str] = []
    template = "site/support_page.html"
    max_count = 1
