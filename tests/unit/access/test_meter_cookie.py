"""The meter cookie is signed exactly as django.core.signing would sign it."""

import time

import pytest
from django.core import signing
from django.test import RequestFactory

from herald.access import meter


@pytest.mark.parametrize("entries", [{}, {3: 20782}, {9: 20780, 3: 20782, 41: 20760}])
def test_the_cookie_is_what_signing_dumps_makes(monkeypatch, entries):
    monkeypatch.setattr(time, "time", lambda: 1_764_072_000.25)
    value = meter.cookie_value(entries)
    assert value == signing.dumps(sorted(entries.items()), salt=meter.SALT)
    assert signing.loads(value, salt=meter.SALT) == [list(item) for item in sorted(entries.items())]


def test_a_cookie_signed_under_another_secret_key_counts_as_no_cookie(settings):
    settings.SECRET_KEY = "another secret key, from another deployment"
    value = meter.cookie_value({3: 20782})
    settings.SECRET_KEY = "this deployment's secret key"
    req = RequestFactory().get("/")
    req.COOKIES[meter.COOKIE_NAME] = value
    assert meter.read_cookie(req) == {}


@pytest.mark.parametrize("secure", [False, True])
def test_the_cookie_is_set_as_response_set_cookie_would_set_it(monkeypatch, settings, secure):
    from django.http import HttpResponse

    monkeypatch.setattr(time, "time", lambda: 1_764_072_000.25)
    settings.SESSION_COOKIE_SECURE = secure
    ours, django = HttpResponse(), HttpResponse()
    meter.set_cookie(ours, {3: 20782, 9: 20780})
    django.set_cookie(meter.COOKIE_NAME, meter.cookie_value({3: 20782, 9: 20780}),
                      max_age=30 * 86400, secure=secure, httponly=True, samesite="Lax")
    assert ours.cookies.output() == django.cookies.output()
    assert "Max-Age=2592000" in ours.cookies.output() and "HttpOnly" in ours.cookies.output()
