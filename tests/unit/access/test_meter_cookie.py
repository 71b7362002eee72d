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
    """A worker signs each list once (``meter.signed``); a new key signs it afresh."""
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
def test_the_cookie_lasts_the_window_and_is_kept_from_scripts(settings, secure):
    settings.SESSION_COOKIE_SECURE = secure
    response = HttpResponse()
    meter.set_cookie(response, {3: 20782, 9: 20780})
    morsel = response.cookies[meter.COOKIE_NAME]
    assert reading(morsel.value) == {3: 20782, 9: 20780}
    assert (morsel["max-age"], morsel["httponly"], morsel["samesite"], bool(morsel["secure"])) == (
        2592000, True, "Lax", secure)


def test_a_cookie_of_the_earlier_format_still_counts_until_it_expires():
    """Cookies written by ``signing.dumps`` before the compact format keep their reads."""
    assert reading(signing.dumps([[3, 20782], [9, 20780]], salt=meter.SALT)) == {3: 20782, 9: 20780}
    assert reading(signing.dumps([[3, 20782]], salt="another.salt")) == {}
