"""The meter's records: the signed cookie, the server copy and how they merge."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core import signing
from django.test import RequestFactory

from herald.access import meter
from herald.access.policy import StoryFacts, can_read
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


def count(req, reader, story_id, *, now=NOW, limit=5):
    """Claim a read of ``story_id`` as the entitlement does: the policy decides whether it counts."""
    story = StoryFacts(id=story_id, access="metered", published_at=now)

    def counts(reads):
        return can_read(story, reader, reads.state(limit, meter.day_of(now)), now).counts

    return meter.claim(req, reader, now, meter.cookie_only(req), story_id, count=True,
                       counts=counts)[0]


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
    # Signed values carry a timestamp: ids that every pytest-xdist worker collects alike
    ids=["not-signed", "another-salt", "not-a-list", "pair-without-day"],
)
def test_a_forged_or_malformed_cookie_counts_as_no_cookie(cookie):
    assert meter.read_cookie(request(cookie=cookie)) == {}


def test_a_read_is_remembered_on_the_server_for_the_same_address_and_browser():
    assert count(request(), ANONYMOUS, 11).counted == 11
    again = meter.load(request(), ANONYMOUS, NOW)  # no cookie: it was deleted
    assert again.state(5, TODAY).read == frozenset({11})


def test_another_browser_at_the_same_address_has_its_own_meter():
    count(request(), ANONYMOUS, 11)
    other = meter.load(request(agent="Other/2.0"), ANONYMOUS, NOW)
    assert other.state(5, TODAY).read == frozenset()


def test_server_key_holds_no_address_and_changes_every_period():
    first = meter.load(request(), ANONYMOUS, NOW).server_key
    next_period = meter.load(request(), ANONYMOUS, NOW + timedelta(days=30)).server_key
    assert "203.0.113.9" not in first and "Reader" not in first
    assert first != next_period


def test_reads_from_the_previous_period_still_count():
    count(request(), ANONYMOUS, 11)
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
    count(request(ip="198.51.100.1"), reader, 11)
    elsewhere = meter.load(request(ip="192.0.2.7", agent="Phone"), reader, NOW)
    assert elsewhere.state(5, TODAY).read == frozenset({11})


def test_a_story_in_the_cookie_is_not_counted_again():
    reads = count(request(cookie=meter.cookie_value({11: TODAY - 1})), ANONYMOUS, 11)
    assert reads.counted is None and reads.server == {}
    assert meter.load(request(), ANONYMOUS, NOW).server == {}
    assert meter.cookie_entries(reads, NOW) == {11: TODAY - 1}


def test_the_cookie_gets_the_read_counted_now_and_keeps_the_newest_reads():
    reads = meter.Reads(cookie={n: TODAY - n % 20 for n in range(300)}, server={}, server_key="k",
                        counted=999)
    entries = meter.cookie_entries(reads, NOW)
    assert len(entries) == meter.MAX_ENTRIES and entries[999] == TODAY
    assert min(entries.values()) == TODAY - 13
