"""The meter cookie: signed with django.core.signing, set with response.set_cookie."""

import time

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
    assert signing.loads(value, salt=meter.SALT) == [list(item) for item in sorted(entries.items())]
    assert reading(value) == entries


def test_a_cookie_signed_under_another_secret_key_counts_as_no_cookie(settings):
    settings.SECRET_KEY = "another secret key, from another deployment"
    value = meter.cookie_value({3: 20782})
    settings.SECRET_KEY = "this deployment's secret key"
    assert reading(value) == {}


def test_a_cookie_older_than_the_window_counts_as_no_cookie(monkeypatch):
    value = meter.cookie_value({3: 20782})
    later = time.time() + meter.COOKIE_SECONDS + 60
    monkeypatch.setattr(time, "time", lambda: later)
    assert reading(value) == {}


@pytest.mark.parametrize("secure", [False, True])
def test_the_cookie_lasts_the_window_and_is_kept_from_scripts(settings, secure):
    settings.SESSION_COOKIE_SECURE = secure
    response = HttpResponse()
    meter.set_cookie(response, {3: 20782, 9: 20780})
    morsel = response.cookies[meter.COOKIE_NAME]
    assert reading(morsel.value) == {3: 20782, 9: 20780}
    assert (morsel["max-age"], morsel["httponly"], morsel["samesite"], bool(morsel["secure"])) == (
        2592000, True, "Lax", secure)
