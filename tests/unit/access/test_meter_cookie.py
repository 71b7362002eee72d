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
    ours_morsel, django_morsel = ours.cookies[meter.COOKIE_NAME], django.cookies[meter.COOKIE_NAME]
    assert (ours_morsel.value, dict(ours_morsel)) == (django_morsel.value, dict(django_morsel))
    assert "Max-Age=2592000" in ours.cookies.output() and "HttpOnly" in ours.cookies.output()


@pytest.mark.parametrize("key", [b"", b"k", bytes(range(32)), bytes(range(64)), bytes(range(90))])
def test_the_meters_hmac_is_hmac_sha256(key):
    import hmac

    for message in (b"", b"692|203.0.113.9|Reader/1.0", bytes(range(256)) * 3):
        assert meter._hmac_sha256(key, message) == hmac.digest(key, message, "sha256")
