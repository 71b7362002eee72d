"""The anonymous page cache over HTTP: what a hit costs, and that it is never stale."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse, StreamingHttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext

from herald.core import content_version
from herald.site.cache import AnonymousPageCacheMiddleware


@pytest.fixture
def newsroom(newsroom_from_module):
    """Desks and people built once for this module; each test rolls back its own writes."""
    return newsroom_from_module


def cached(client, url):
    """Fetch ``url`` until it comes from the page cache (the first requests fill it)."""
    for _ in range(3):
        response = client.get(url)
        if response.headers.get("X-Herald-Cache") == "hit":
            return response
    raise AssertionError(f"{url} never came from the page cache")


def republish(story, user, **changes):
    for name, value in changes.items():
        setattr(story, name, value)
    story.save_revision(user=user).publish()


@pytest.mark.django_db
def test_a_hit_is_the_same_page_without_a_query(client, make_story):
    story = make_story("Lisbon caps garden watering")
    rendered = client.get(story.url)
    hit = cached(client, story.url)
    with CaptureQueriesContext(connection) as queries:
        again = client.get(story.url)
    assert again.headers["X-Herald-Cache"] == "hit"
    assert len(queries) == 0
    assert hit.content == rendered.content
    assert hit.headers["Content-Type"] == "text/html; charset=utf-8"
    assert hit.headers["Content-Length"] == str(len(rendered.content))
    assert hit.headers["X-Frame-Options"] == "SAMEORIGIN"
    assert hit.headers["X-Content-Type-Options"] == "nosniff"
    assert hit.headers["Content-Security-Policy"].startswith("default-src 'self'")


@pytest.mark.django_db
def test_anonymous_readers_get_no_cookies(client, make_story):
    story = make_story("Ghent publishes its algorithm register")
    for _ in range(3):
        response = client.get(story.url)
        assert response.cookies == {}
        assert "Set-Cookie" not in response.headers


@pytest.mark.django_db
def test_a_new_headline_shows_on_the_next_request(client, make_story, newsroom):
    story = make_story("Vienna weighs a rent cap")
    cached(client, story.url)
    republish(story, newsroom.people["publisher"], title="Vienna adopts a rent cap")
    html = client.get(story.url).content.decode()
    assert '<h1 class="story__headline">Vienna adopts a rent cap</h1>' in html
    assert "<title>Vienna adopts a rent cap | The Test Ledger</title>" in html


@pytest.mark.django_db
def test_a_new_story_shows_in_more_on_the_next_request(client, make_story):
    story = make_story("Warsaw court halts evictions")
    assert "Warsaw appeal court" not in cached(client, story.url).content.decode()
    make_story("Warsaw appeal court hears the city")
    html = client.get(story.url).content.decode()
    assert "Warsaw appeal court hears the city" in html


@pytest.mark.django_db
def test_readers_with_a_session_never_get_the_cached_page(client, make_story, newsroom):
    story = make_story("Rotterdam crane operators strike")
    cached(client, story.url)
    editor = Client()
    editor.force_login(newsroom.people["europe-editor"])
    for _ in range(2):
        response = editor.get(story.url)
        assert response.status_code == 200
        assert "X-Herald-Cache" not in response.headers


@pytest.mark.django_db
def test_each_query_string_is_its_own_page_and_long_ones_are_not_cached(client, make_story):
    story = make_story("Baltic grid reserve sharing")
    cached(client, story.url)
    assert client.get(f"{story.url}?ref=home").headers["X-Herald-Cache"] == "miss"
    long_query = "q=" + "x" * 300
    for _ in range(2):
        assert "X-Herald-Cache" not in client.get(f"{story.url}?{long_query}").headers


@pytest.mark.django_db
def test_turning_the_page_cache_off_renders_every_request(client, make_story, settings):
    settings.HERALD_PAGE_CACHE_SECONDS = 0
    story = make_story("Kenya trials solar milk cooling")
    for _ in range(3):
        response = client.get(story.url)
        assert response.status_code == 200
        assert "X-Herald-Cache" not in response.headers


def _response(status=200, cookie=False, **headers):
    response = HttpResponse("page", status=status, headers=headers)
    if cookie:
        response.set_cookie("seen", "1")
    return response


@pytest.mark.parametrize(
    "response, cacheable",
    [
        (_response(), True),
        (_response(Vary="Cookie"), True),
        (_response(status=404), False),
        (_response(cookie=True), False),
        (_response(**{"Cache-Control": "private"}), False),
        (_response(**{"Cache-Control": "no-cache"}), False),
        (_response(**{"Cache-Control": "max-age=0, no-store"}), False),
        (_response(Vary="Accept-Language"), False),
        (_response(Vary="Cookie, Accept-Encoding"), False),
        (StreamingHttpResponse(iter([b"page"])), False),
    ],
)
def test_what_the_page_cache_keeps(response, cacheable):
    assert AnonymousPageCacheMiddleware.cacheable(response) is cacheable


def test_an_evicted_version_never_matches_older_entries():
    cache.delete(content_version.KEY)
    version, _ = content_version.lookup([])
    content_version.store("page:probe", 1, "rendered under version 1", 60)
    content_version.store("page:fresh", version, "rendered now", 60)
    cache.delete(content_version.KEY)  # evicted, or culled by the file cache
    again, found = content_version.lookup(["page:probe", "page:fresh"])
    assert again not in (1, version) and again > version
    assert found == {}


@pytest.mark.django_db
def test_a_change_bumps_the_version_again_when_it_commits(django_capture_on_commit_callbacks):
    before = content_version.current()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        content_version.bump()
        during = content_version.current()
    assert len(callbacks) == 1
    assert before < during < content_version.current()


@pytest.mark.django_db
def test_a_request_reads_the_version_once_and_sees_its_own_bump():
    with content_version.pinned():
        first = content_version.current()
        cache.incr(content_version.KEY)  # another worker publishes meanwhile
        assert content_version.current() == first
        content_version.bump()  # this request publishes
        assert content_version.current() == first + 2


@pytest.mark.django_db
def test_prefetched_keys_come_in_one_round_trip_and_only_while_their_version_holds(cache_reads):
    version = content_version.current()
    content_version.current(content_version.REFERENCES_KEY)
    content_version.store("part:current", version, "rendered now", 60)
    content_version.store("part:stale", version - 1, "rendered before", 60)
    cache_reads.clear()

    with content_version.pinned():
        content_version.prefetch(["part:current", "part:stale", "part:missing"])
        assert len(cache_reads) == 1  # the counters and the three keys
        assert content_version.lookup(["part:current", "part:stale", "part:missing"]) == (
            version, {"part:current": "rendered now"})
        content_version.store("part:missing", version, "rendered in this request", 60)
        assert content_version.lookup(["part:missing"])[1] == {
            "part:missing": "rendered in this request"}
        assert len(cache_reads) == 1  # every lookup answered from the prefetch

        content_version.bump()  # this request publishes: what it prefetched is stale now
        again, found = content_version.lookup(["part:current"])
        assert again > version and found == {}

    with content_version.pinned():  # the next request reads afresh
        cache_reads.clear()
        assert content_version.lookup(["part:current"])[1] == {}
        assert len(cache_reads) == 1
