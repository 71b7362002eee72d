"""The meter in Redis: one hash per reader; a read is counted in one atomic transaction
and kept only if the policy says it counts.

Runs against the real Redis named by REDIS_URL, or the one at 127.0.0.1:6379
(database 15) when the suite runs on SQLite without it, and skips when that one
does not answer (the ``redis_url`` fixture); each test under a key prefix of its own.
"""

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client, RequestFactory
from django.utils import timezone
from django_redis import get_redis_connection

from herald.access import meter
from herald.access.policy import StoryFacts, can_read
from herald.access.readers import ANONYMOUS
from herald.access.redis_meter_store import RedisMeterStore

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
TODAY = meter.day_of(NOW)
GATED = "The third paragraph is behind the paywall."
PARAGRAPHS = ["The opening paragraph.", "The second paragraph.", GATED, "The last paragraph."]


@pytest.fixture
def redis_meter(settings, redis_url):
    """Page cache and meter in Redis, as in production, under a prefix no other test uses."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": f"test-meter-{uuid.uuid4().hex}",
        }
    }
    settings.HERALD_METER_CACHE = "default"
    from django.core.cache import cache

    assert isinstance(meter.store(), RedisMeterStore)
    yield cache
    cache.delete_pattern("*")  # this prefix only


def request(agent="Reader/1.0", cookie=None):
    req = RequestFactory().get("/europe/story/", REMOTE_ADDR="203.0.113.9", HTTP_USER_AGENT=agent)
    if cookie is not None:
        req.COOKIES[meter.COOKIE_NAME] = cookie
    return req


def policy(story_id, limit, now=NOW):
    """``policy.can_read``'s answer to "does this read count?", as entitlement asks it."""
    story = StoryFacts(id=story_id, access="metered", published_at=now)
    return lambda reads: can_read(story, ANONYMOUS, reads.state(limit, meter.day_of(now)), now).counts


def claim(story_id, limit, *, now=NOW, agent="Reader/1.0", count=True, req=None):
    req = req or request(agent)
    return meter.claim(req, ANONYMOUS, now, meter.cookie_only(req), story_id, count=count,
                       counts=policy(story_id, limit, now))[0]


def redis():
    return get_redis_connection("default")


def record(cache, key) -> dict[int, int]:
    """The hash Redis keeps at ``key``, as story id -> day."""
    raw = redis().hgetall(cache.make_key(key))
    return {int(story): int(day) for story, day in raw.items()}


def test_a_new_read_is_counted_in_a_hash_that_outlives_the_window(redis_meter):
    reads = claim(11, 5)
    assert reads.counted == 11 and reads.server == {}
    key = meter.server_keys(request(), ANONYMOUS, NOW)[0]
    assert redis().type(redis_meter.make_key(key)) == b"hash"
    assert record(redis_meter, key) == {11: TODAY}
    assert redis().ttl(redis_meter.make_key(key)) > meter.WINDOW_DAYS * meter.DAY_SECONDS
    again = claim(11, 5)  # a reload: read already, counted once
    assert again.counted is None and again.server == {11: TODAY}


def test_hash_records_survive_the_change_of_period(redis_meter):
    claim(11, 5)
    old_key = meter.server_keys(request(), ANONYMOUS, NOW)[0]
    next_period = NOW + timedelta(days=meter.WINDOW_DAYS - (TODAY % meter.WINDOW_DAYS) + 2)
    new_key, previous_key = meter.server_keys(request(), ANONYMOUS, next_period)
    assert previous_key == old_key != new_key

    assert meter.load(request(), ANONYMOUS, next_period).server == {11: TODAY}
    reads = claim(12, 5, now=next_period)
    assert reads.counted == 12 and reads.server == {11: TODAY}
    # The new period's record has the new read; the old one is read too, and left to expire.
    assert record(redis_meter, new_key) == {12: meter.day_of(next_period)}
    assert record(redis_meter, old_key) == {11: TODAY}
    # Without the cookie the meter is still used up in the new period.
    assert claim(13, 2, now=next_period).counted is None


def test_the_last_free_read_goes_to_one_of_two_requests_made_together(redis_meter):
    """Two tabs open two new stories at once with one free read left: both cookies say
    the read counts; the store's transactions run one after the other, and the
    second finds the first's read."""
    claim(1, 3)
    claim(2, 3)
    req_a, req_b = request(), request()
    assert decision(21, meter.cookie_only(req_a), 3).counts
    assert decision(22, meter.cookie_only(req_b), 3).counts
    a, b = claim(21, 3, req=req_a), claim(22, 3, req=req_b)
    assert (a.counted, b.counted) == (21, None)
    assert decision(22, b, 3).full is False
    assert record(redis_meter, a.server_key) == {1: TODAY, 2: TODAY, 21: TODAY}


def test_the_last_free_read_goes_to_one_of_many_racing_threads(redis_meter):
    claim(1, 3)
    claim(2, 3)
    stories = list(range(30, 38))
    start = threading.Barrier(len(stories))

    def read(story_id):
        start.wait()  # each thread has its own Redis connection: the claims really race
        return story_id, claim(story_id, 3)

    with ThreadPoolExecutor(len(stories)) as pool:
        results = dict(pool.map(read, stories))
    winners = [story for story, reads in results.items() if reads.counted == story]
    assert len(winners) == 1
    assert [story for story, reads in results.items() if decision(story, reads, 3).full] == winners
    key = meter.server_keys(request(), ANONYMOUS, NOW)[0]
    assert record(redis_meter, key) == {1: TODAY, 2: TODAY, winners[0]: TODAY}


def decision(story_id, reads, limit):
    story = StoryFacts(id=story_id, access="metered", published_at=NOW)
    return can_read(story, ANONYMOUS, reads.state(limit, TODAY), NOW)


@pytest.mark.parametrize(
    "cookie, server, story, limit",
    [
        ({}, {}, 5, 2),  # first read
        ({1: TODAY}, {}, 5, 2),  # room for one more
        ({1: TODAY}, {2: TODAY}, 5, 2),  # used up between cookie and server
        ({}, {1: TODAY, 2: TODAY}, 1, 2),  # a story read before, cookie deleted
        ({1: TODAY - 30}, {2: TODAY - 31}, 5, 1),  # old reads left the window
        ({1: TODAY - 29}, {}, 5, 1),  # the oldest read still in the window
        ({}, {}, 5, 0),  # no free stories at all
    ],
)
def test_the_store_counts_exactly_when_the_policy_says_the_read_counts(
    redis_meter, cookie, server, story, limit
):
    key = meter.server_keys(request(), ANONYMOUS, NOW)[0]
    if server:
        redis().hset(redis_meter.make_key(key), mapping=server)
    req = request(cookie=meter.cookie_value(cookie))
    before = meter.load(req, ANONYMOUS, NOW)
    counts = decision(story, before, limit).counts
    reads = claim(story, limit, req=req)
    assert (reads.counted == story) is counts
    assert reads.state(limit, TODAY) == before.state(limit, TODAY)
    # A read the policy refused is taken back; reads that left the window are dropped.
    kept = {sid: day for sid, day in server.items() if day > TODAY - meter.WINDOW_DAYS}
    assert record(redis_meter, key) == ({**kept, story: TODAY} if counts else kept)


def test_a_head_request_reads_the_meter_without_counting(redis_meter):
    reads = claim(11, 5, count=False)
    assert reads.counted is None and reads.claimed
    assert meter.load(request(), ANONYMOUS, NOW).server == {}


def test_a_read_taken_back_leaves_the_meter_as_it_was(redis_meter):
    claim(1, 5)
    reads = meter.release(claim(2, 5))
    assert reads.counted is None
    assert meter.load(request(), ANONYMOUS, NOW).server == {1: TODAY}


def test_reads_that_left_the_window_are_dropped_from_a_record_counted_on(redis_meter):
    key = meter.server_keys(request(), ANONYMOUS, NOW)[0]
    redis().hset(redis_meter.make_key(key), mapping={5: TODAY - meter.WINDOW_DAYS, 6: TODAY - 1})
    assert claim(11, 2).counted == 11
    assert record(redis_meter, key) == {6: TODAY - 1, 11: TODAY}


def test_the_script_is_loaded_again_after_redis_forgets_it(redis_meter):
    redis().script_flush()
    assert claim(11, 5).counted == 11


def test_a_signed_in_readers_single_record_counts_too(redis_meter):
    from herald.access.readers import Reader

    subscriber = Reader("subscriber", user_id=7)
    req = request()
    reads = meter.claim(req, subscriber, NOW, meter.cookie_only(req), 11, count=True,
                        counts=policy(11, 1))[0]
    assert reads.counted == 11 and record(redis_meter, "meter:u:7") == {11: TODAY}
    other_browser = request(agent="Phone/2")
    again = meter.claim(other_browser, subscriber, NOW, meter.cookie_only(other_browser), 12,
                        count=True, counts=policy(12, 1))[0]
    assert again.counted is None and record(redis_meter, "meter:u:7") == {11: TODAY}


# Over HTTP: the access middleware serves both requests from its cached pages.


@pytest.fixture(scope="module")
def story_urls(shared_newsroom, shared_make_story):
    """Seven metered stories and a meter of two reads, published once for the module
    (each test's own writes are rolled back; the tests only read the stories)."""
    from herald.access.models import AccessSettings

    settings = AccessSettings.for_site(shared_newsroom.home.get_site())
    settings.meter_limit = 2
    settings.save()
    return [shared_make_story(f"Story {n}", access="metered", paragraphs=PARAGRAPHS).url
            for n in range(7)]


@pytest.fixture
def stories(story_urls, redis_meter):
    return story_urls


def reader(agent):
    return Client(REMOTE_ADDR="198.51.100.10", HTTP_USER_AGENT=agent)


@pytest.mark.django_db
def test_tabs_opening_new_stories_at_once_with_one_read_left_get_one_full_story(stories):
    read_first, *racing, spent_1, spent_2 = stories
    # Other readers leave both pages of the four racing stories in the cache.
    for agent, urls in (("Warm/1", racing[:2]), ("Warm/2", racing[2:])):
        for url in urls:
            assert GATED in reader(agent).get(url).content.decode()
    cut_pages = reader("Warm/3")
    for url in (spent_1, spent_2, *racing):
        cut_pages.get(url)
    assert [cut_pages.get(url).headers["X-Herald-Cache"] for url in racing] == ["hit"] * 4

    tab = reader("Racer/1")
    assert GATED in tab.get(read_first).content.decode()  # one of two free stories read
    cookie = tab.cookies[meter.COOKIE_NAME].value
    start = threading.Barrier(len(racing))

    def open_tab(url):
        client = reader("Racer/1")
        client.cookies[meter.COOKIE_NAME] = cookie
        start.wait()
        return client.get(url)

    with ThreadPoolExecutor(len(racing)) as pool:
        responses = list(pool.map(open_tab, racing))
    assert [r.status_code for r in responses] == [200] * 4
    assert [r.headers["X-Herald-Cache"] for r in responses] == ["hit"] * 4  # no view, no database
    assert sorted(GATED in r.content.decode() for r in responses) == [False, False, False, True]


@pytest.mark.django_db
def test_a_read_whose_page_failed_is_taken_back(stories, monkeypatch):
    from herald.articles.models import ArticlePage

    def broken(*args, **kwargs):
        raise RuntimeError("the page failed")

    client = Client(REMOTE_ADDR="198.51.100.10", HTTP_USER_AGENT="Unlucky/1",
                    raise_request_exception=False)
    with monkeypatch.context() as patch:
        patch.setattr(ArticlePage, "serve", broken)
        assert client.get(stories[0]).status_code == 500
    assert meter.COOKIE_NAME not in client.cookies
    assert GATED in client.get(stories[1]).content.decode()
    assert GATED in client.get(stories[2]).content.decode()  # the failed read did not count
    assert GATED not in client.get(stories[3]).content.decode()


def test_a_record_from_before_the_hash_format_reads_as_empty_and_is_replaced(redis_meter):
    key = meter.server_keys(request(), ANONYMOUS, NOW)[0]
    redis_meter.set(key, {7: TODAY})  # how the record was kept before: a pickled dictionary
    assert meter.load(request(), ANONYMOUS, NOW).server == {}
    assert claim(11, 5).counted == 11
    assert record(redis_meter, key) == {11: TODAY}


@pytest.fixture
def round_trips(monkeypatch):
    """How many times the code under test writes to Redis (one per round trip)."""
    from redis.connection import AbstractConnection

    sent = []
    original = AbstractConnection.send_packed_command

    def counting(self, command, *args, **kwargs):
        sent.append(command)
        return original(self, command, *args, **kwargs)

    monkeypatch.setattr(AbstractConnection, "send_packed_command", counting)
    return sent


@pytest.mark.django_db
def test_round_trips_of_a_new_read_and_of_a_deleted_cookie(stories, round_trips):
    first, second, third = stories[:3]
    assert GATED in reader("Warm/1").get(third).content.decode()
    warm = reader("Warm/2")
    for url in (first, second, third):
        warm.get(url)  # the third story's cut page, too
    spent = reader("Spent/1")
    spent.get(first)
    spent.get(second)

    # A new read: the meter's transaction, which brings the version and the full page.
    round_trips.clear()
    new_reader = reader("New/1").get(third)
    assert (len(round_trips), new_reader.headers["X-Herald-Cache"]) == (1, "hit")
    assert GATED in new_reader.content.decode() and meter.COOKIE_NAME in new_reader.cookies

    # A used-up meter whose cookie was deleted: the meter's transaction (with the
    # version and the full page the missing cookie points to); taking the read
    # back, with the cut page in the same trip.
    spent.cookies.clear()
    round_trips.clear()
    response = spent.get(third)
    assert (len(round_trips), response.headers["X-Herald-Cache"]) == (2, "hit")
    assert GATED not in response.content.decode()
    assert 'data-paywall="meter-spent"' in response.content.decode()
    assert meter.COOKIE_NAME in response.cookies  # restored from the server's copy
    same_reader = RequestFactory().get("/", REMOTE_ADDR="198.51.100.10", HTTP_USER_AGENT="Spent/1")
    server = meter.load(same_reader, ANONYMOUS, timezone.now()).server
    assert len(server) == 2  # the refused read was taken back


@pytest.mark.django_db
def test_a_read_after_the_content_changed_is_decided_by_the_view_and_counted_once(stories):
    from herald.core import content_version

    assert GATED in reader("Warm/1").get(stories[0]).content.decode()  # remembered by the worker
    content_version.bump()
    client = reader("After/1")
    response = client.get(stories[0])
    assert GATED in response.content.decode() and response.headers["X-Herald-Cache"] == "miss"
    client.cookies.clear()  # the server's copy alone: one read of two
    assert GATED in client.get(stories[1]).content.decode()
    assert GATED not in client.get(stories[2]).content.decode()
