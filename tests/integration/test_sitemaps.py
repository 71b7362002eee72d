"""The sitemap index, its streamed files, the Google News sitemap and robots.txt,
fetched over HTTP and parsed as XML."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from herald.articles.models import ArticlePage, Topic
from herald.syndication import sitemaps
from tests.conditional_get import assert_withdrawal_is_no_304

pytestmark = pytest.mark.django_db

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9",
      "news": "http://www.google.com/schemas/sitemap-news/0.9"}


@pytest.fixture(scope="module")
def stories(shared_make_story):
    """Read-only stories, built once for the module (tests' own writes are rolled back)."""
    make_story = shared_make_story
    topic = Topic.objects.create(name="Harbours", slug="harbours")
    recent = [make_story(f"Recent story {n}", topics=[topic]) for n in range(3)]
    old = make_story("Old story", access="members",
                     published_at=timezone.now() - timedelta(days=3))
    return {"recent": recent, "old": old, "topic": topic}


def xml(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    assert response["Content-Type"].startswith("application/xml")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response, ET.fromstring(body)


def locations(root) -> list[str]:
    return [loc.text for loc in root.findall("s:url/s:loc", NS)]


def when(text: str) -> datetime:
    return datetime.fromisoformat(text)


def test_the_index_names_every_file_of_every_section(client, stories, monkeypatch):
    monkeypatch.setattr(sitemaps.StorySitemap, "limit", 2)

    _, index = xml(client, "/sitemap.xml")

    files = [loc.text for loc in index.findall("s:sitemap/s:loc", NS)]
    assert files == [
        "http://testserver/sitemap-stories.xml", "http://testserver/sitemap-stories.xml?p=2",
        "http://testserver/sitemap-pages.xml", "http://testserver/sitemap-news.xml",
    ]
    assert all(entry.find("s:lastmod", NS) is not None for entry in index.findall("s:sitemap", NS))


def test_story_files_hold_at_most_the_limit_and_together_every_story(client, stories, monkeypatch):
    monkeypatch.setattr(sitemaps.StorySitemap, "limit", 2)

    first_response, first = xml(client, "/sitemap-stories.xml")
    _, second = xml(client, "/sitemap-stories.xml?p=2")

    assert first_response.streaming  # written as the rows come, not built first
    assert len(locations(first)) == 2 and len(locations(second)) == 2
    expected = {f"http://testserver{s.url}" for s in [*stories["recent"], stories["old"]]}
    assert set(locations(first) + locations(second)) == expected
    assert client.get("/sitemap-stories.xml?p=3").status_code == 404
    assert client.get("/sitemap-stories.xml?p=x").status_code == 404
    assert client.get("/sitemap-unknown.xml").status_code == 404


def test_lastmod_is_the_last_publication_so_a_correction_moves_it(client, stories,
                                                                  shared_newsroom):
    newsroom = shared_newsroom
    story = ArticlePage.objects.get(pk=stories["recent"][0].pk)  # the shared one stays as built
    story.corrections.create(date=timezone.now().date(), note="The quay is the east one.")
    story.save_revision(user=newsroom.people["publisher"]).publish(user=newsroom.people["publisher"])
    story = ArticlePage.objects.get(pk=story.pk)

    _, root = xml(client, "/sitemap-stories.xml")

    lastmods = {url.find("s:loc", NS).text: when(url.find("s:lastmod", NS).text)
                for url in root.findall("s:url", NS)}
    assert lastmods[f"http://testserver{story.url}"] == story.last_published_at.replace(
        microsecond=0)
    assert story.last_published_at > story.first_published_at


def test_pages_file_lists_home_desks_topics_and_archive_months(client, stories):
    _, root = xml(client, "/sitemap-pages.xml")

    found = locations(root)
    month = timezone.localtime(stories["recent"][0].first_published_at)
    for path in ("/", "/europe/", "/world/", "/topics/harbours/", "/archive/",
                 f"/archive/{month:%Y/%m}/"):
        assert f"http://testserver{path}" in found, path
    assert not any("story" in url for url in found)


def test_a_listing_pages_lastmod_is_its_newest_story(client, stories, shared_newsroom):
    """Home, a desk, a topic and an archive month change when a story they list is
    published or corrected, not only when their own page is."""
    from wagtail.models import Page

    newsroom = shared_newsroom
    # Everything published an hour ago, so the correction is later by more than the second
    # a lastmod keeps (the desks were built in the same second on a fast machine).
    Page.objects.filter(live=True).update(last_published_at=timezone.now() - timedelta(hours=1))
    story = ArticlePage.objects.get(pk=stories["recent"][1].pk)
    story.corrections.create(date=timezone.now().date(), note="The quay is the east one.")
    story.save_revision(user=newsroom.people["publisher"]).publish(user=newsroom.people["publisher"])
    story = ArticlePage.objects.get(pk=story.pk)
    corrected = story.last_published_at.replace(microsecond=0)

    _, root = xml(client, "/sitemap-pages.xml")

    lastmods = {url.find("s:loc", NS).text.removeprefix("http://testserver"):
                url.find("s:lastmod", NS) for url in root.findall("s:url", NS)}
    month = f"/archive/{timezone.localtime(story.first_published_at):%Y/%m}/"
    for path in ("/", "/europe/", "/topics/harbours/", "/archive/", month):
        assert lastmods[path] is not None, path
        assert when(lastmods[path].text) == corrected, path
    assert when(lastmods["/world/"].text) < corrected  # no story of the world desk


def test_news_sitemap_lists_the_last_48_hours_with_google_news_elements(client, stories):
    _, root = xml(client, "/sitemap-news.xml")

    urls = root.findall("s:url", NS)
    assert [u.find("s:loc", NS).text for u in urls] == [
        f"http://testserver{s.url}" for s in reversed(stories["recent"])]
    for url, story in zip(urls, reversed(stories["recent"]), strict=True):
        news = url.find("news:news", NS)
        assert news.find("news:publication/news:name", NS).text == "The Test Ledger"
        assert news.find("news:publication/news:language", NS).text == "en"
        assert news.find("news:title", NS).text == story.title
        published = when(news.find("news:publication_date", NS).text)
        assert published == story.first_published_at.replace(microsecond=0)


@pytest.mark.parametrize(("language_code", "expected"), [
    ("de", "de"), ("pt-br", "pt"), ("zh-hant", "zh-tw"), ("zh-hans", "zh-cn")])
def test_news_sitemap_names_the_publications_language(client, stories, settings,
                                                      language_code, expected):
    settings.LANGUAGE_CODE = language_code

    _, root = xml(client, "/sitemap-news.xml")

    languages = {e.text for e in root.iterfind("s:url/news:news/news:publication/news:language", NS)}
    assert languages == {expected}


def test_news_sitemap_holds_at_most_the_limit(client, stories, monkeypatch):
    monkeypatch.setattr(sitemaps, "NEWS_LIMIT", 2)

    _, root = xml(client, "/sitemap-news.xml")

    assert len(locations(root)) == 2


def test_an_unchanged_sitemap_answers_304(client, stories):
    for path in ("/sitemap.xml", "/sitemap-stories.xml", "/sitemap-news.xml"):
        first = client.get(path)
        assert client.get(path, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304, path


def test_unpublishing_the_newest_story_is_no_304_for_if_modified_since(
        client, stories, shared_make_story, shared_newsroom):
    """An unpublished story leaves the files without a newer entry: their date moves all
    the same, or a crawler sending the old date would keep the story that is gone."""
    from wagtail.models import Page

    newest = shared_make_story("Story soon withdrawn")
    Page.objects.filter(live=True).update(last_published_at=timezone.now() - timedelta(hours=1))
    paths = ("/sitemap.xml", "/sitemap-stories.xml", "/sitemap-pages.xml", "/sitemap-news.xml")
    assert_withdrawal_is_no_304(
        client, paths, lambda: newest.unpublish(user=shared_newsroom.people["publisher"]),
        gone=newest.slug)


def test_a_story_leaving_the_48_hours_changes_the_news_sitemap_validators(
        client, stories, shared_make_story, monkeypatch):
    """Time alone changes the News sitemap: neither validator may keep the old file."""
    from types import SimpleNamespace

    from wagtail.models import Page

    leaving = shared_make_story("Story of two days ago",
                                published_at=timezone.now() - timedelta(hours=47))
    Page.objects.filter(live=True).update(last_published_at=timezone.now() - timedelta(hours=1))
    first = client.get("/sitemap-news.xml")
    assert leaving.slug in b"".join(first.streaming_content).decode()

    two_hours_on = timezone.now() + timedelta(hours=2)  # the story left an hour from now
    monkeypatch.setattr(sitemaps, "timezone", SimpleNamespace(now=lambda: two_hours_on))

    for headers in ({"HTTP_IF_NONE_MATCH": first["ETag"]},
                    {"HTTP_IF_MODIFIED_SINCE": first["Last-Modified"]}):
        again = client.get("/sitemap-news.xml", **headers)
        assert again.status_code == 200, headers
        assert leaving.slug not in b"".join(again.streaming_content).decode()


def test_robots_names_the_index_and_the_news_sitemap(client, settings):
    text = client.get("/robots.txt").content.decode()

    assert f"Sitemap: {settings.HERALD_BASE_URL}/sitemap.xml\n" in text
    assert f"Sitemap: {settings.HERALD_BASE_URL}/sitemap-news.xml\n" in text
