"""Feeds of the latest stories: the publication's, each desk's and each topic's.

Each comes as RSS 2.0, Atom 1.0 and JSON Feed 1.1, built on Django's
``django.contrib.syndication``. Every reader gets the same feed: the whole
text of a story only when every reader may read it (``access.entitlement.
public_decision``, the access policy's answer for nobody in particular), the
standfirst for the rest. Feeds answer conditional requests: an ``ETag`` from
the content version (it changes with every publish, unpublish and correction)
and ``Last-Modified`` from the site's last publication or removal of a story
(``changes.last_change``); a request carrying either that still holds gets a
304 without the feed being built.
"""

from __future__ import annotations

import hashlib
import mimetypes
import re
from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Enclosure
from django.views.decorators.http import condition
from wagtail.models import Site

from herald.access.entitlement import Rules, public_decision, rules_for_site
from herald.articles import lead_images
from herald.articles.models import ArticlePage, Topic
from herald.articles.paragraphs import place_dateline
from herald.core import content_version
from herald.newsroom.models import DeskPage, PublicationSettings
from herald.syndication.changes import last_change
from herald.syndication.feedgenerators import AtomWithContent, JSONFeed, RssWithContent

FEED_LENGTH = 30
FORMATS = {"rss": RssWithContent, "atom": AtomWithContent, "json": JSONFeed}
FORMAT_TYPES = {
    "rss": "application/rss+xml",
    "atom": "application/atom+xml",
    "json": "application/feed+json",
}
FORMAT_LABELS = {"rss": "RSS", "atom": "Atom", "json": "JSON Feed"}
_ADDRESS = re.compile(r'\b(src|href)="(/[^/"][^"]*)"')
_SRCSET = re.compile(r'\bsrcset="([^"]*)"')


@dataclass
class Scope:
    """What one feed covers: its title, the page it describes and its stories."""

    kind: str  # "publication", "desk" or "topic"
    slug: str
    title: str
    description: str
    link: str
    stories: QuerySet
    rules: Rules
    request: object
    site: Site

    def absolute(self, url: str) -> str:
        return self.request.build_absolute_uri(url)


def feed_url(kind: str, fmt: str, slug: str = "") -> str:
    """The address of a feed: ``kind`` publication, desk or topic; ``fmt`` rss, atom or json."""
    if kind == "publication":
        return reverse(f"feed-{fmt}")
    return reverse(f"{kind}-feed-{fmt}", kwargs={"slug": slug})


def feed_links(kind: str, title: str, slug: str = "") -> list[dict]:
    """The three feeds of a page, for its ``<link rel="alternate">`` elements."""
    return [
        {"href": feed_url(kind, fmt, slug), "type": FORMAT_TYPES[fmt],
         "title": f"{title} ({FORMAT_LABELS[fmt]})"}
        for fmt in FORMATS
    ]


def scope_for(request, kind: str, slug: str = "") -> Scope:
    """The scope of the feed ``request`` asks for (404 for an unknown desk or topic)."""
    cached = getattr(request, "herald_feed_scope", None)
    if cached is not None:
        return cached
    site = Site.find_for_request(request)
    if site is None:
        raise Http404("No site serves this host")
    publication = PublicationSettings.for_request(request)
    stories = ArticlePage.objects.live().public().descendant_of(site.root_page)
    if kind == "publication":
        title, description, link = publication.name, publication.tagline, "/"
    elif kind == "desk":
        desk = DeskPage.objects.live().public().descendant_of(site.root_page).filter(
            slug=slug).first()
        if desk is None:
            raise Http404("No such desk")
        title, description, link = f"{desk.title} | {publication.name}", desk.description, desk.url
        stories = stories.filter(desk=desk)
    elif kind == "topic":
        topic = get_object_or_404(Topic, slug=slug)
        title = f"{topic.name} | {publication.name}"
        description = topic.description or f"Stories about {topic.name}"
        link = topic.get_absolute_url()
        stories = stories.filter(topics=topic)
    else:
        raise ValueError(f"Unknown feed kind {kind!r}: publication, desk or topic")
    scope = Scope(kind, slug, title, description or title, link, stories,
                  rules_for_site(site), request, site)
    request.herald_feed_scope = scope
    return scope


def absolute_addresses(html: str, scope: Scope) -> str:
    """Site-relative src, href and srcset addresses made absolute (feed readers show them elsewhere)."""
    html = _ADDRESS.sub(lambda m: f'{m.group(1)}="{scope.absolute(m.group(2))}"', html)

    def srcset(match):
        entries = []
        for entry in match.group(1).split(","):
            address, _, size = entry.strip().partition(" ")
            if address.startswith("/") and not address.startswith("//"):
                address = scope.absolute(address)
            entries.append(f"{address} {size}".strip())
        return f'srcset="{", ".join(entries)}"'

    return _SRCSET.sub(srcset, html)


class StoryFeed(Feed):
    """The latest stories of a scope, in the format ``feed_type`` names."""

    kind = "publication"
    feed_type = RssWithContent

    def __call__(self, request, *args, **kwargs):
        def feed(request, *args, **kwargs):
            response = super(StoryFeed, self).__call__(request, *args, **kwargs)
            # Django's is the newest item's date, which a removal would put back:
            # ``condition`` sets the one 304s are decided on (``last_modified``).
            del response.headers["Last-Modified"]
            return response

        conditional = condition(etag_func=self.etag, last_modified_func=self.last_modified)
        return conditional(feed)(request, *args, **kwargs)

    # Conditional GET: evaluated before the feed is built.
    def etag(self, request, *args, **kwargs) -> str:
        scope_for(request, self.kind, kwargs.get("slug", ""))
        state = f"{request.path}|{self.feed_type.__name__}|{content_version.current()}"
        return hashlib.sha256(state.encode()).hexdigest()[:32]

    def last_modified(self, request, *args, **kwargs):
        return last_change(scope_for(request, self.kind, kwargs.get("slug", "")).site)

    # Django's Feed hooks.
    def get_object(self, request, *args, **kwargs) -> Scope:
        return scope_for(request, self.kind, kwargs.get("slug", ""))

    def title(self, scope: Scope) -> str:
        return scope.title

    def link(self, scope: Scope) -> str:
        return scope.link

    def description(self, scope: Scope) -> str:
        return scope.description

    def subtitle(self, scope: Scope) -> str:  # Atom's name for the description
        return scope.description

    def feed_extra_kwargs(self, scope: Scope) -> dict:
        """The publication's icon and logo, where the format has room for them
        (feedgenerators); none without them."""
        publication = PublicationSettings.for_request(scope.request)
        pictures = {"rss_image": publication.icon("rss"), "icon": publication.icon("feed"),
                    "favicon": publication.icon("icon")}
        logo = publication.logo_renditions()
        pictures["logo"] = logo[-1] if logo else None
        return {name: scope.absolute(picture.url) for name, picture in pictures.items()
                if picture is not None}

    def author_name(self, scope: Scope) -> str:
        return PublicationSettings.for_request(scope.request).name

    def items(self, scope: Scope) -> list:
        stories = list(
            scope.stories.select_related("desk")
            .prefetch_related("topics", "access_tiers", *lead_images.prefetch(lead_images.SHARE))
            .order_by("-first_published_at")[:FEED_LENGTH]
        )
        for story in stories:
            story.feed_scope = scope  # item hooks get the item alone
        return stories

    def item_title(self, item) -> str:
        return item.title

    def item_description(self, item) -> str:
        return item.standfirst or item.opening_words()

    def item_link(self, item) -> str:
        return item.url

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at

    def item_author_name(self, item) -> str:
        return item.desk.title

    def item_categories(self, item) -> list[str]:
        return [item.desk.title, *(topic.name for topic in item.topics.all())]

    def item_enclosures(self, item) -> list[Enclosure]:
        """The story's picture (lead or first figure), for stories every reader may read.

        A gated story's files are served at signed addresses that expire
        (herald.access.media); a feed item is kept for years, so it has none.
        """
        if not public_decision(item, rules=item.feed_scope.rules).public:
            return []
        picture = lead_images.picture_of(item)
        if picture is None:
            return []
        rendition = picture[0].get_rendition(lead_images.SHARE)
        kind = mimetypes.guess_type(rendition.file.name)[0] or "image/jpeg"
        url = item.feed_scope.absolute(rendition.url)
        return [Enclosure(url, str(rendition.file.size), kind)]

    def item_extra_kwargs(self, item) -> dict:
        """The whole text, for stories every reader may read in full; nothing more otherwise."""
        scope = item.feed_scope
        if not public_decision(item, rules=scope.rules).public:
            return {}
        html, label = [], item.dateline_label
        for block in item.body:
            part = str(block.render())
            if label and block.block_type == "paragraph":
                part, placed = place_dateline(part, label)
                label = "" if placed else label
            html.append(part)
        return {"content_html": absolute_addresses("\n".join(html), scope)}


class StoryAtomFeed(StoryFeed):
    feed_type = AtomWithContent


class StoryJSONFeed(StoryFeed):
    feed_type = JSONFeed


def feed_views(kind: str) -> dict:
    """One view per format for the feeds of ``kind``."""
    views = {}
    for fmt, base in (("rss", StoryFeed), ("atom", StoryAtomFeed), ("json", StoryJSONFeed)):
        views[fmt] = type(f"{kind.title()}{base.__name__}", (base,), {"kind": kind})()
    return views
