"""The meter cookie: signed with django.core.signing, set with response.set_cookie."""

import pytest
from django.core import signing
from django.http import HttpResponse
from django.test import RequestFactory

from herald.access import meter


def reading(value):
    req = RequestFactory().get("/")
    req.COOKIES[meter.COOKIE_NAME] = value
    return meter.read_cookie(req)


@pytest.mark.parametrize("entries", [{}, {3: 20782}, {9: 20780, 3: 20782, 41: 20760}])
def test_the_cookie_holds_the_reads_signed_under_the_meters_salt(entries):
    value = meter.cookie_value(entries)
    listed = "-".join(f"{story}.{day}" for story, day in sorted(entries.items()))
    assert signing.Signer(salt=meter.SALT).unsign(value) == listed
    assert reading(value) == entries


def test_a_cookie_signed_under_another_secret_key_counts_as_no_cookie(settings):
    settings.SECRET_KEY = "another secret key, from another deployment"
    value = meter.cookie_value({3: 20782})
    settings.SECRET_KEY = "this deployment's secret key"
    assert reading(value) == {}


def test_after_the_secret_key_changes_cookies_are_signed_with_the_new_one(settings):
    """A worker makes each cookie once (``meter.cookie_for``); a new key signs it afresh."""
    settings.SECRET_KEY = "the key before the rotation, long enough for a test"
    before = meter.cookie_value({3: 20782})
    settings.SECRET_KEY = "the key after the rotation, just as long for a test"
    after = meter.cookie_value({3: 20782})
    assert after != before
    assert reading(after) == {3: 20782}
    assert reading(before) == {}


def test_reads_a_cookie_lists_from_before_the_window_count_for_nothing():
    """Each read carries its day: a cookie kept (or replayed) past the window frees its reads."""
    today = 20782
    value = meter.cookie_value({3: today - meter.WINDOW_DAYS, 4: today - meter.WINDOW_DAYS + 1})
    reads = meter.Reads(cookie=reading(value), server={}, server_key=None)
    assert reads.state(5, today).read == frozenset({4})


@pytest.mark.parametrize("secure", [False, True])
def test_the_cookie_lasts_until_its_newest_read_leaves_the_window_and_is_kept_from_scripts(
        settings, secure):
    settings.SESSION_COOKIE_SECURE = secure
    response = HttpResponse()
    meter.set_cookie(response, {3: 20782, 9: 20780})
    morsel = response.cookies[meter.COOKIE_NAME]
    assert reading(morsel.value) == {3: 20782, 9: 20780}
    # Day 20782 + 30 begins on 25 December 2026: the read of day 20782 counts until then.
    assert (morsel["expires"], morsel["httponly"], morsel["samesite"], bool(morsel["secure"])) == (
        "Fri, 25 Dec 2026 00:00:00 GMT", True, "Lax", secure)
    assert meter.Reads(reading(morsel.value), {}, None).merged(20782 + meter.WINDOW_DAYS) == {}
    assert meter.Reads(reading(morsel.value), {}, None).merged(20781 + meter.WINDOW_DAYS) == {
        3: 20782}


def test_a_meter_with_no_reads_left_in_the_window_deletes_the_cookie():
    response = HttpResponse()
    meter.set_cookie(response, {})
    morsel = response.cookies[meter.COOKIE_NAME]
    assert (morsel.value, morsel["max-age"]) == ("", 0)


def test_a_tampered_cookie_counts_as_no_cookie_however_often_it_comes():
    """A worker verifies each cookie value once (``meter.verified``); a value changed by
    one character is another value, verified (and refused) on its own."""
    value = meter.cookie_value({3: 20782})
    assert reading(value) == {3: 20782}
    assert reading(value) == {3: 20782}  # the second time from the worker's cache
    story, signature = value.split(":")
    for forged in (f"3.20782-4.20782:{signature}", f"{story}:{signature[:-1]}A",
                   f"{story}:{signature[:-1]}B", f"{story}:"):
        assert reading(forged) == {} and reading(forged) == {}
    assert reading(value) == {3: 20782}


def test_a_cookie_read_under_the_old_key_stops_counting_when_the_key_changes(settings):
    settings.SECRET_KEY = "the key before the rotation, long enough for a test"
    value = meter.cookie_value({3: 20782})
    assert reading(value) == {3: 20782}
    settings.SECRET_KEY = "the key after the rotation, just as long for a test"
    assert reading(value) == {}
    settings.SECRET_KEY_FALLBACKS = ["the key before the rotation, long enough for a test"]
    assert reading(value) == {3: 20782}


def test_a_cookie_of_the_earlier_format_still_counts_until_it_expires():
    """Cookies written by ``signing.dumps`` before the compact format keep their reads."""
    assert reading(signing.dumps([[3, 20782], [9, 20780]], salt=meter.SALT)) == {3: 20782, 9: 20780}
    assert reading(signing.dumps([[3, 20782]], salt="another.salt")) == {}
