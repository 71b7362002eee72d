"""Feeds of the publication, each desk and each topic, in RSS, Atom and JSON Feed.

Every feed is fetched over HTTP and parsed: RSS and Atom with feedparser, the
parser feed readers are built on, JSON Feed (which feedparser 6.0 does not
read) as JSON against the 1.1 specification's required members. The whole
text goes out only for free stories, and an unchanged feed answers 304.
"""

from __future__ import annotations

import json
import re

import feedparser
import pytest

from herald.articles.models import ArticlePage, Topic
from tests.conditional_get import assert_withdrawal_is_no_304

pytestmark = pytest.mark.django_db

FORMATS = {"rss": "rss20", "atom": "atom10", "json": "json11"}
SUFFIX = {"rss": "", "atom": "atom/", "json": "json/"}


@pytest.fixture(scope="module")
def stories(shared_make_story):
    """Read-only stories, built once for the module (tests' own writes are rolled back)."""
    make_story = shared_make_story
    topic = Topic.objects.create(name="Harbours", slug="harbours", description="Ports and quays.")
    free = make_story("Free quay story", topics=[topic],
                      paragraphs=["The quay reopened on Monday.", "Crews cheered the <b>cranes</b>."])
    metered = make_story("Metered quay story", topics=[topic], access="metered",
                         paragraphs=["Opening lines.", "GATED-LINE-METERED behind the cut.",
                                     "Last GATED-LINE-METERED."])
    members = make_story("Members world story", desk="world", access="members",
                         paragraphs=["Opening.", "GATED-LINE-MEMBERS.", "Last GATED-LINE-MEMBERS."])
    return {"topic": topic, "free": free, "metered": metered, "members": members}


def feed_paths() -> list[tuple[str, str]]:
    bases = ["/feeds/latest/", "/feeds/desks/europe/", "/feeds/desks/world/",
             "/feeds/topics/harbours/"]
    return [(base + SUFFIX[fmt], fmt) for base in bases for fmt in FORMATS]


def parse(client, path):
    """The feed at ``path`` as feedparser's entries (JSON Feed items mapped onto them)."""
    response = client.get(path)
    assert response.status_code == 200, path
    if not response["Content-Type"].startswith("application/feed+json"):
        return response, feedparser.parse(response.content)
    document = json.loads(response.content)
    entries = [
        feedparser.FeedParserDict(
            title=item["title"], link=item["url"], id=item["id"], summary=item["summary"],
            published=item["date_published"],
            content=[feedparser.FeedParserDict(value=item["content_html"])] if "content_html" in item else [],
        )
        for item in document["items"]
    ]
    feed = feedparser.FeedParserDict(title=document["title"], link=document["home_page_url"])
    return response, feedparser.FeedParserDict(feed=feed, entries=entries, bozo=False,
                                               version="json11")


def test_every_feed_parses_with_its_required_elements(client, stories):
    for path, fmt in feed_paths():
        check_required_elements(client, path, fmt)


def check_required_elements(client, path, fmt):
    response, feed = parse(client, path)
    assert not feed.bozo, (path, feed.get("bozo_exception"))
    assert feed.version == FORMATS[fmt]
    assert feed.feed.title.endswith("The Test Ledger")
    assert feed.feed.link.startswith("http://testserver/")
    assert feed.entries, path
    for entry in feed.entries:
        assert entry.title and entry.link.startswith("http://testserver/")
        assert entry.id and entry.published and entry.summary
    if fmt == "rss":
        assert feed.feed.description
    if fmt == "atom":
        assert feed.feed.id and feed.feed.updated_parsed
        assert all(entry.author for entry in feed.entries)
    if fmt == "json":
        assert response["Content-Type"] == "application/feed+json; charset=utf-8"
        document = json.loads(response.content)
        assert document["version"] == "https://jsonfeed.org/version/1.1"
        assert document["feed_url"] == f"http://testserver{path}"
        for item in document["items"]:
            assert item["id"] and ("content_html" in item or "content_text" in item)


def test_each_scope_lists_its_own_stories(client, stories):
    titles = {
        path: {entry.title for entry in parse(client, path)[1].entries}
        for path in ("/feeds/latest/", "/feeds/desks/europe/", "/feeds/desks/world/",
                     "/feeds/topics/harbours/")
    }

    assert titles == {
        "/feeds/latest/": {"Free quay story", "Metered quay story", "Members world story"},
        "/feeds/desks/europe/": {"Free quay story", "Metered quay story"},
        "/feeds/desks/world/": {"Members world story"},
        "/feeds/topics/harbours/": {"Free quay story", "Metered quay story"},
    }


def test_full_text_for_free_stories_and_the_standfirst_for_the_rest(client, stories):
    for fmt in FORMATS:
        check_text_by_access(client, fmt)


def check_text_by_access(client, fmt):
    _, feed = parse(client, "/feeds/latest/" + SUFFIX[fmt])
    entries = {entry.title: entry for entry in feed.entries}

    free = entries["Free quay story"]
    assert "Crews cheered the <b>cranes</b>." in free.content[0].value
    assert free.summary == "A standfirst that adds to the headline."
    for title in ("Metered quay story", "Members world story"):
        assert not entries[title].get("content")
        assert entries[title].summary == "A standfirst that adds to the headline."
    client_text = client.get("/feeds/latest/" + SUFFIX[fmt]).content.decode()
    assert "GATED-LINE" not in client_text


def test_an_unknown_desk_or_topic_has_no_feed(client, stories):
    assert client.get("/feeds/desks/nowhere/").status_code == 404
    assert client.get("/feeds/topics/nothing/json/").status_code == 404


def test_an_unchanged_feed_answers_304(client, stories):
    for path in ("/feeds/latest/", "/feeds/desks/europe/atom/", "/feeds/topics/harbours/json/"):
        check_304(client, path)


def check_304(client, path):
    first = client.get(path)
    etag, modified = first["ETag"], first["Last-Modified"]

    assert client.get(path, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get(path, HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    # The second answer came from the page cache: it is asked again.
    assert client.get(path, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get(path, HTTP_IF_NONE_MATCH='"something-else"').status_code == 200


def test_a_correction_changes_the_feed_validators(client, stories, shared_newsroom):
    newsroom = shared_newsroom
    first = client.get("/feeds/latest/")
    story = ArticlePage.objects.get(pk=stories["free"].pk)  # the shared one stays as built
    story.corrections.create(date=story.first_published_at.date(), note="The quay is the east one.")
    story.save_revision(user=newsroom.people["publisher"]).publish(user=newsroom.people["publisher"])

    again = client.get("/feeds/latest/", HTTP_IF_NONE_MATCH=first["ETag"],
                       HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])

    assert again.status_code == 200
    assert again["ETag"] != first["ETag"]


def test_unpublishing_the_newest_story_is_no_304_for_if_modified_since(
        client, stories, shared_make_story, shared_newsroom):
    """Without a newer story, Last-Modified must still move: a reader sending the old
    date would otherwise be told the feed still holds the story that is gone."""
    from datetime import timedelta

    from django.utils import timezone
    from wagtail.models import Page

    newest = shared_make_story("Story soon withdrawn", topics=[stories["topic"]])
    Page.objects.filter(live=True).update(last_published_at=timezone.now() - timedelta(hours=1))
    paths = ("/feeds/latest/", "/feeds/desks/europe/atom/", "/feeds/topics/harbours/json/")
    assert_withdrawal_is_no_304(
        client, paths, lambda: newest.unpublish(user=shared_newsroom.people["publisher"]),
        gone="Story soon withdrawn")


FEEDS_OF_PAGES = {
    "/": ["/feeds/latest/", "/feeds/latest/atom/", "/feeds/latest/json/"],
    "/europe/": ["/feeds/desks/europe/", "/feeds/desks/europe/atom/",
                 "/feeds/desks/europe/json/", "/feeds/latest/"],
    "/topics/harbours/": ["/feeds/topics/harbours/", "/feeds/topics/harbours/atom/",
                          "/feeds/topics/harbours/json/", "/feeds/latest/"],
}
ALTERNATE = re.compile(r'<link rel="alternate" type="([^"]+)" title="([^"]+)" href="([^"]+)">')


def test_pages_link_the_feeds_that_describe_them(client, stories):
    for path, expected in FEEDS_OF_PAGES.items():
        links = ALTERNATE.findall(client.get(path).content.decode())
        assert [href for _, _, href in links][: len(expected)] == expected, path
    assert ("application/feed+json", "Harbours (JSON Feed)", "/feeds/topics/harbours/json/") in (
        ALTERNATE.findall(client.get("/topics/harbours/").content.decode()))


def test_a_feed_costs_a_bounded_number_of_queries(client, stories, shared_make_story,
                                                  django_assert_max_num_queries, settings):
    settings.HERALD_PAGE_CACHE_SECONDS = 0
    for n in range(6):
        shared_make_story(f"Extra story {n}", topics=[stories["topic"]], access="members")
    client.get("/feeds/latest/")  # Wagtail's site and settings lookups are cached from here on

    with django_assert_max_num_queries(12):
        assert client.get("/feeds/topics/harbours/").status_code == 200
