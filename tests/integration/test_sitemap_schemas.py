"""The sitemap index, every file it names and the Google News sitemap, fetched over
HTTP and validated against XML Schemas written from the protocols' descriptions
(tests/schemas/: sitemaps.org 0.9 and Google's News sitemap tags).

The schemas are proved able to fail: the same documents, broken in one place each
(a relative ``loc``, a missing ``news:title``, ...), must be rejected.
"""

from __future__ import annotations

import copy
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.utils import timezone
from lxml import etree

from herald.articles.models import Topic
from herald.syndication import sitemaps

pytestmark = pytest.mark.django_db

SCHEMAS = Path(__file__).resolve().parents[1] / "schemas"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
NS = {"s": SITEMAP_NS, "news": NEWS_NS}


def schema(name: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMAS / name)))


INDEX, SITEMAP, NEWS_SITEMAP = (schema("siteindex.xsd"), schema("sitemap.xsd"),
                                schema("news-sitemap.xsd"))


@pytest.fixture(scope="module")
def stories(shared_make_story):
    """Stories whose titles and addresses need escaping, a gated one and an old one."""
    make_story = shared_make_story
    topic = Topic.objects.create(name="Quays & harbours", slug="quays")
    recent = [make_story(title, topics=[topic]) for title in (
        "Fish & chips <cheaper> at the \"east\" quay", "Café owners' rent doubles",
        "Ports agree on tariffs", "Cranes return to the harbour")]
    gated = make_story("Members hear the port's plan", desk="world", access="members")
    old = make_story("Old quay story", published_at=timezone.now() - timedelta(days=3))
    return {"recent": recent, "gated": gated, "old": old}


def fetch(client, address: str) -> etree._ElementTree:
    """The document at ``address`` (absolute, as the index names it), parsed."""
    parts = urlsplit(address)
    assert parts.scheme == "http" and parts.netloc == "testserver", address
    response = client.get(parts.path, dict(parse_qsl(parts.query)))
    assert response.status_code == 200, address
    assert response["Content-Type"].startswith("application/xml"), address
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return etree.ElementTree(etree.fromstring(body))


def assert_valid(xml_schema: etree.XMLSchema, document, where: str) -> None:
    assert xml_schema.validate(document), (where, [str(e) for e in xml_schema.error_log])


def test_the_index_and_every_file_it_names_validate(client, stories, monkeypatch):
    monkeypatch.setattr(sitemaps.StorySitemap, "limit", 2)  # three story files, not one

    index = fetch(client, "http://testserver/sitemap.xml")
    assert_valid(INDEX, index, "/sitemap.xml")

    files = index.xpath("/s:sitemapindex/s:sitemap/s:loc/text()", namespaces=NS)
    assert len(files) == 5, files  # stories ×3, pages, news
    seen = 0
    for address in files:
        document = fetch(client, address)
        news = urlsplit(address).path == "/sitemap-news.xml"
        assert_valid(NEWS_SITEMAP if news else SITEMAP, document, address)
        urls = document.xpath("/s:urlset/s:url", namespaces=NS)
        assert urls, address  # each file of this newsroom lists something
        if news:  # every entry of the News file is a news entry
            assert all(len(url.xpath("news:news", namespaces=NS)) == 1 for url in urls)
        elif urlsplit(address).path == "/sitemap-stories.xml":
            seen += len(urls)
    assert seen == len(stories["recent"]) + 2  # members' stories too: gated text, public page


def test_the_news_sitemap_robots_names_validates(client, stories):
    robots = client.get("/robots.txt").content.decode()
    address = next(line.split(" ", 1)[1] for line in robots.splitlines()
                   if line.startswith("Sitemap:") and line.endswith("-news.xml"))
    path = urlsplit(address).path

    document = fetch(client, f"http://testserver{path}")

    assert_valid(NEWS_SITEMAP, document, path)
    titles = document.xpath("//news:news/news:title/text()", namespaces=NS)
    assert set(titles) == {s.title for s in [*stories["recent"], stories["gated"]]}
    # a News file has an extension sitemap.xsd alone must not wave through
    assert not SITEMAP.validate(document)


def test_an_empty_news_sitemap_validates(client, stories, monkeypatch):
    """Three days on, no story is in the 48 hours: the file is an empty urlset."""
    three_days_on = timezone.now() + timedelta(days=3)
    monkeypatch.setattr(sitemaps, "timezone", SimpleNamespace(now=lambda: three_days_on))

    document = fetch(client, "http://testserver/sitemap-news.xml")

    assert document.xpath("/s:urlset/s:url", namespaces=NS) == []
    assert_valid(NEWS_SITEMAP, document, "/sitemap-news.xml")


# Negative controls: Herald's own documents, each broken in one place the protocols forbid
# (each changes the document in place, or returns the broken copy).

def first(document, path: str):
    return document.xpath(path, namespaces=NS)[0]


def relative_loc(document):
    loc = first(document, "//s:loc")
    loc.text = urlsplit(loc.text).path


def loc_without_scheme(document):
    loc = first(document, "//s:loc")
    loc.text = loc.text.removeprefix("http:")


def loc_too_long(document):
    loc = first(document, "//s:loc")
    loc.text = "http://testserver/" + "a" * 2030  # 2,048 characters: not less than 2,048


def lastmod_not_w3c(document):
    first(document, "//s:lastmod").text = "05/12/2026 10:00"


def lastmod_time_without_zone(document):
    first(document, "//s:lastmod").text = "2026-12-05T10:00:00"


def bad_changefreq(document):
    url = first(document, "//s:url")
    etree.SubElement(url, f"{{{SITEMAP_NS}}}changefreq").text = "sometimes"


def priority_above_one(document):
    url = first(document, "//s:url")
    etree.SubElement(url, f"{{{SITEMAP_NS}}}priority").text = "1.5"


def loc_missing(document):
    loc = first(document, "//s:loc")
    loc.getparent().remove(loc)


def too_many_entries(document):
    root = document.getroot()
    entry = root[0]
    root.extend(copy.deepcopy(entry) for _ in range(50_000 - len(root) + 1))


def wrong_namespace(document):
    return etree.ElementTree(etree.fromstring(etree.tostring(document).replace(
        SITEMAP_NS.encode(), b"http://www.sitemaps.org/schemas/sitemap/0.8")))


def news_title_missing(document):
    title = first(document, "//news:title")
    title.getparent().remove(title)


def news_language_not_iso639(document):
    first(document, "//news:language").text = "English"


def news_name_missing(document):
    name = first(document, "//news:name")
    name.getparent().remove(name)


def news_date_incomplete(document):
    first(document, "//news:publication_date").text = "2026-12"


def news_title_blank(document):
    first(document, "//news:title").text = "  "


URLSET_BREAKS = [relative_loc, loc_without_scheme, loc_too_long, lastmod_not_w3c,
                 lastmod_time_without_zone, bad_changefreq, priority_above_one, loc_missing,
                 too_many_entries, wrong_namespace]
INDEX_BREAKS = [relative_loc, loc_too_long, lastmod_not_w3c, loc_missing, too_many_entries,
                wrong_namespace]
NEWS_BREAKS = [relative_loc, news_title_missing, news_language_not_iso639, news_name_missing,
               news_date_incomplete, news_title_blank]


CASES = [
    *[("/sitemap.xml", "siteindex", b) for b in INDEX_BREAKS],
    *[(p, "sitemap", b) for p in ("/sitemap-stories.xml", "/sitemap-pages.xml")
      for b in URLSET_BREAKS],
    *[("/sitemap-news.xml", "news-sitemap", b) for b in NEWS_BREAKS],
]


@pytest.mark.parametrize(("path", "name", "break_it"), [
    pytest.param(*case, id=f"{case[0]}-{case[2].__name__}") for case in CASES])
def test_the_schemas_reject_a_broken_document(client, stories, path, name, break_it):
    xml_schema = {"siteindex": INDEX, "sitemap": SITEMAP, "news-sitemap": NEWS_SITEMAP}[name]
    document = fetch(client, f"http://testserver{path}")
    assert_valid(xml_schema, document, path)  # whole, it passes...

    document = break_it(document) or document

    assert not xml_schema.validate(document), (path, break_it.__name__)  # ...broken, it fails
