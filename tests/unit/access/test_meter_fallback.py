"""The meter without Redis: the server copy in the meter's own file cache, by get and set."""

from datetime import UTC, datetime

import pytest
from django.test import RequestFactory

from herald.access import meter
from herald.access.meter_store import CacheMeterStore
from herald.access.policy import StoryFacts, can_read
from herald.access.readers import ANONYMOUS

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
TODAY = meter.day_of(NOW)


@pytest.fixture(autouse=True)
def file_meter(settings, tmp_path):
    """The configuration of a deployment without REDIS_URL."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "meter": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                  "LOCATION": str(tmp_path / "meter")},
    }
    settings.HERALD_METER_CACHE = "meter"
    from django.core.cache import caches

    return caches["meter"]


def request(cookie=None):
    req = RequestFactory().get("/europe/story/", REMOTE_ADDR="203.0.113.9", HTTP_USER_AGENT="R/1")
    if cookie is not None:
        req.COOKIES[meter.COOKIE_NAME] = cookie
    return req


def policy(story_id, limit):
    """``policy.can_read``'s answer to "does this read count?", as entitlement asks it."""
    story = StoryFacts(id=story_id, access="metered", published_at=NOW)
    return lambda reads: can_read(story, ANONYMOUS, reads.state(limit, TODAY), NOW).counts


def claim(story_id, limit, *, cookie=None, count=True):
    req = request(cookie)
    return meter.claim(req, ANONYMOUS, NOW, meter.cookie_only(req), story_id, count=count,
                       counts=policy(story_id, limit))[0]


def test_the_file_cache_gets_and_sets_one_record_per_reader(file_meter):
    assert isinstance(meter.store(), CacheMeterStore)
    reads = claim(11, 2)
    assert reads.counted == 11 and reads.claimed
    assert file_meter.get(reads.server_key) == {11: TODAY}


def test_a_story_counts_once_and_the_meter_stops_at_its_limit(file_meter):
    assert claim(11, 2).counted == 11
    assert claim(11, 2).counted is None  # a reload
    assert claim(12, 2).counted == 12
    spent = claim(13, 2)
    assert spent.counted is None and spent.state(2, TODAY).read == frozenset({11, 12})


def test_deleting_the_cookie_does_not_reset_the_meter(file_meter):
    req = request()
    reads = meter.claim(req, ANONYMOUS, NOW, meter.cookie_only(req), 11, count=True,
                        counts=policy(11, 1))[0]
    cookie = meter.cookie_value(meter.cookie_entries(reads, NOW))
    assert meter.read_cookie(request(cookie)) == {11: TODAY}
    assert meter.load(request(), ANONYMOUS, NOW).state(1, TODAY).read == frozenset({11})


def test_reads_that_left_the_window_are_dropped_when_a_read_is_counted(file_meter):
    key = meter.server_keys(request(), ANONYMOUS, NOW)[0]
    file_meter.set(key, {5: TODAY - meter.WINDOW_DAYS, 6: TODAY - 1})
    assert claim(11, 2).counted == 11
    assert file_meter.get(key) == {6: TODAY - 1, 11: TODAY}


def test_a_head_request_counts_nothing_and_a_read_taken_back_is_gone(file_meter):
    assert claim(11, 2, count=False).counted is None
    assert meter.load(request(), ANONYMOUS, NOW).server == {}
    claim(1, 5)
    taken_back = meter.release(claim(2, 5))
    assert taken_back.counted is None
    assert meter.load(request(), ANONYMOUS, NOW).server == {1: TODAY}


def test_a_claim_brings_the_callers_keys_from_the_default_cache(file_meter):
    from django.core.cache import cache

    cache.set("access:page:example#full", "the page")
    req = request()
    reads, found = meter.claim(req, ANONYMOUS, NOW, meter.cookie_only(req), 11, count=True,
                               counts=policy(11, 2), fetch=["access:page:example#full", "absent"])
    assert reads.counted == 11 and found == {"access:page:example#full": "the page"}
