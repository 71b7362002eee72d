"""The meter's records: the signed cookie, the server copy and how they merge."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core import signing
from django.test import RequestFactory

from herald.access import meter
from herald.access.readers import ANONYMOUS, Reader

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
TODAY = meter.day_of(NOW)


@pytest.fixture(autouse=True)
def local_cache(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    from django.core.cache import cache

    cache.clear()


def request(ip="203.0.113.9", agent="Reader/1.0", cookie=None):
    req = RequestFactory().get("/europe/story/", REMOTE_ADDR=ip, HTTP_USER_AGENT=agent)
    if cookie is not None:
        req.COOKIES[meter.COOKIE_NAME] = cookie
    return req


def test_cookie_round_trip():
    value = meter.cookie_value({3: TODAY, 9: TODAY - 2})
    assert meter.read_cookie(request(cookie=value)) == {3: TODAY, 9: TODAY - 2}


@pytest.mark.parametrize(
    "cookie",
    [
        "not-signed",
        signing.dumps([[3, 1]], salt="another.salt"),
        signing.dumps("a string", salt=meter.SALT),
        signing.dumps([[3]], salt=meter.SALT),
    ],
)
def test_a_forged_or_malformed_cookie_counts_as_no_cookie(cookie):
    assert meter.read_cookie(request(cookie=cookie)) == {}


def test_a_read_is_remembered_on_the_server_for_the_same_address_and_browser():
    reads = meter.load(request(), ANONYMOUS, NOW)
    meter.remember(reads, 11, NOW)
    again = meter.load(request(), ANONYMOUS, NOW)  # no cookie: it was deleted
    assert again.state(5, TODAY).read == frozenset({11})


def test_another_browser_at_the_same_address_has_its_own_meter():
    meter.remember(meter.load(request(), ANONYMOUS, NOW), 11, NOW)
    other = meter.load(request(agent="Other/2.0"), ANONYMOUS, NOW)
    assert other.state(5, TODAY).read == frozenset()


def test_server_key_holds_no_address_and_changes_every_period():
    first = meter.load(request(), ANONYMOUS, NOW).server_key
    next_period = meter.load(request(), ANONYMOUS, NOW + timedelta(days=30)).server_key
    assert "203.0.113.9" not in first and "Reader" not in first
    assert first != next_period


def test_reads_from_the_previous_period_still_count():
    meter.remember(meter.load(request(), ANONYMOUS, NOW), 11, NOW)
    later = NOW + timedelta(days=meter.WINDOW_DAYS - (TODAY % meter.WINDOW_DAYS))  # next period
    reads = meter.load(request(), ANONYMOUS, later)
    assert reads.state(5, meter.day_of(later)).read == frozenset({11})


def test_reads_older_than_thirty_days_drop_out():
    reads = meter.Reads(cookie={1: TODAY - 30, 2: TODAY - 29}, server={3: TODAY - 31}, server_key="k")
    assert reads.state(5, TODAY).read == frozenset({2})


def test_cookie_and_server_records_merge_keeping_the_first_day():
    reads = meter.Reads(cookie={1: TODAY, 2: TODAY - 5}, server={1: TODAY - 3, 4: TODAY}, server_key="k")
    assert reads.merged(TODAY) == {1: TODAY - 3, 2: TODAY - 5, 4: TODAY}


def test_signed_in_reader_is_counted_by_account_wherever_they_read():
    reader = Reader("subscriber", user_id=5)
    meter.remember(meter.load(request(ip="198.51.100.1"), reader, NOW), 11, NOW)
    elsewhere = meter.load(request(ip="192.0.2.7", agent="Phone"), reader, NOW)
    assert elsewhere.state(5, TODAY).read == frozenset({11})


def test_remembering_a_story_already_read_writes_nothing():
    reads = meter.Reads(cookie={11: TODAY - 1}, server={}, server_key="meter:test")
    assert meter.remember(reads, 11, NOW) == {11: TODAY - 1}
    from django.core.cache import cache

    assert cache.get("meter:test") is None


def test_counting_a_read_from_the_cookie_alone_is_refused():
    reads = meter.cookie_only(request(cookie=meter.cookie_value({3: TODAY})))
    assert reads.cookie == {3: TODAY} and reads.server_key is None
    assert meter.remember(reads, 3, NOW) == {3: TODAY}  # already read: nothing to count
    with pytest.raises(ValueError, match="Counting a read needs the server copy"):
        meter.remember(reads, 4, NOW)
