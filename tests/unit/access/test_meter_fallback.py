"""The meter without Redis: the server copy in the meter's own file cache, by get and set."""

from datetime import UTC, datetime

import pytest
from django.test import RequestFactory

from herald.access import meter
from herald.access.readers import ANONYMOUS

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
TODAY = meter.day_of(NOW)


@pytest.fixture(autouse=True)
def file_meter(settings, tmp_path):
    """The configuration of a deployment without REDIS_URL."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "meter": {"BACKEND": "herald.access.meter_cache.MeterFileCache",
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


def claim(story_id, limit, *, cookie=None, count=True):
    req = request(cookie)
    return meter.claim(req, ANONYMOUS, NOW, meter.cookie_only(req), story_id, limit, count=count)


def test_the_file_cache_is_not_atomic_and_keeps_one_record_per_reader(file_meter):
    assert not meter.atomic()
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
    reads = meter.claim(req, ANONYMOUS, NOW, meter.cookie_only(req), 11, 1, count=True)
    cookie = meter.cookie_value(meter.remember(reads, reads.counted, NOW))
    assert meter.read_cookie(request(cookie)) == {11: TODAY}
    assert meter.load(request(), ANONYMOUS, NOW).state(1, TODAY).read == frozenset({11})


def test_a_claim_on_reads_already_loaded_only_writes(file_meter):
    # The access middleware fetches the server copy with the page, then claims.
    loaded = meter.load(request(), ANONYMOUS, NOW)
    file_meter.set(loaded.server_key, {5: TODAY})  # not read again by the claim
    reads = meter.claim(request(), ANONYMOUS, NOW, loaded, 11, 5, count=True)
    assert reads.counted == 11 and reads.server == {}


def test_a_head_request_counts_nothing_and_a_read_taken_back_is_gone(file_meter):
    assert claim(11, 2, count=False).counted is None
    assert meter.load(request(), ANONYMOUS, NOW).server == {}
    claim(1, 5)
    taken_back = meter.release(claim(2, 5), NOW)
    assert taken_back.counted is None
    assert meter.load(request(), ANONYMOUS, NOW).server == {1: TODAY}
