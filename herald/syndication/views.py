"""The sitemap index and its files, streamed (see herald.syndication.sitemaps)."""

from __future__ import annotations

import hashlib
from itertools import islice

from django.conf import settings
from django.contrib.sitemaps.views import index
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.http import Http404, StreamingHttpResponse
from django.utils.html import escape
from django.utils.http import http_date
from django.views.decorators.http import condition, require_GET
from wagtail.models import Site

from herald.core import content_version
from herald.newsroom.models import PublicationSettings
from herald.syndication.sitemaps import SECTIONS, NewsSitemap, w3c

URLSET = '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
NEWS_NS = ' xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"'
BATCH = 1000  # addresses written per chunk of the response


def sections_for(request) -> dict:
    site = Site.find_for_request(request)
    if site is None:
        raise Http404("No site serves this host")
    return {name: sitemap(site) for name, sitemap in SECTIONS.items()}


def etag(request, *args, **kwargs) -> str:
    """The content version, and for the News sitemap (and the index's date for it)
    the moment its latest story left the 48 hours: time changes that file too."""
    state = f"{request.get_full_path()}|{content_version.current()}"
    if kwargs.get("section", "news") == "news":
        site = Site.find_for_request(request)
        if site is not None:
            state += f"|{NewsSitemap(site).left_window_at()}"
    return hashlib.sha256(state.encode()).hexdigest()[:32]


@require_GET
@condition(etag_func=etag)
def sitemap_index(request):
    return index(request, sections_for(request), sitemap_url_name="sitemap-section")


@require_GET
@condition(etag_func=etag)
def sitemap_section(request, section: str):
    sitemaps = sections_for(request)
    if section not in sitemaps:
        raise Http404(f"No sitemap section {section!r}")
    sitemap = sitemaps[section]
    try:
        number = sitemap.paginator.validate_number(request.GET.get("p", 1))
    except (EmptyPage, PageNotAnInteger):
        raise Http404("No such sitemap file") from None
    base = request.build_absolute_uri("/").rstrip("/")
    if section == "news":
        publication = PublicationSettings.for_request(request)
        lines = news_lines(sitemap.entries(number), base, publication.name, news_language())
        opening = URLSET + NEWS_NS + ">\n"
    else:
        lines = url_lines(sitemap.entries(number), base)
        opening = URLSET + ">\n"
    response = StreamingHttpResponse(
        chunks(opening, lines, "</urlset>\n"), content_type="application/xml; charset=utf-8"
    )
    latest = sitemap.get_latest_lastmod()
    if latest:
        response.headers["Last-Modified"] = http_date(latest.timestamp())
    response.headers["X-Robots-Tag"] = "noindex, noodp, noarchive"
    return response


def chunks(opening: str, lines, closing: str):
    yield opening
    while batch := list(islice(lines, BATCH)):
        yield "".join(batch)
    yield closing


def url_lines(entries, base: str):
    for location, lastmod in entries:
        modified = f"<lastmod>{w3c(lastmod)}</lastmod>" if lastmod else ""
        yield f"<url><loc>{escape(base + location)}</loc>{modified}</url>\n"


def news_language(language_code: str | None = None) -> str:
    """The publication's language as Google News wants it: the ISO 639 code of
    LANGUAGE_CODE ("en-gb" -> "en"), except Chinese, named by script ("zh-cn", "zh-tw")."""
    code = (language_code or settings.LANGUAGE_CODE).lower()
    if code in {"zh-hans", "zh-cn", "zh-sg"}:
        return "zh-cn"
    if code in {"zh-hant", "zh-tw", "zh-hk"}:
        return "zh-tw"
    return code.split("-")[0]


def news_lines(entries, base: str, publication: str, language: str):
    name = escape(publication)
    for location, lastmod, published, title in entries:
        yield (
            f"<url><loc>{escape(base + location)}</loc><lastmod>{w3c(lastmod)}</lastmod>"
            f"<news:news><news:publication><news:name>{name}</news:name>"
            f"<news:language>{language}</news:language></news:publication>"
            f"<news:publication_date>{w3c(published)}</news:publication_date>"
            f"<news:title>{escape(title)}</news:title></news:news></url>\n"
        )
