"""Deploy settings read from the environment; no database here."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from herald import config

SMTP = "django.core.mail.backends.smtp.EmailBackend"


@pytest.mark.parametrize("url, expected", [
    (None, {"EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": str(config.VAR_DIR / "outbox")}),
    ("", {"EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
          "EMAIL_FILE_PATH": str(config.VAR_DIR / "outbox")}),
    ("console://", {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}),
    ("memory://", {"EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"}),
    ("file:///srv/herald/outbox", {"EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
                                   "EMAIL_FILE_PATH": "/srv/herald/outbox"}),
    ("smtp://mail.example.org", {
        "EMAIL_BACKEND": SMTP, "EMAIL_HOST": "mail.example.org", "EMAIL_PORT": 25,
        "EMAIL_HOST_USER": "", "EMAIL_HOST_PASSWORD": "", "EMAIL_USE_TLS": False,
        "EMAIL_USE_SSL": False, "EMAIL_TIMEOUT": 10}),
    ("smtp+tls://desk%40example.org:p%40ss%2Fword@mail.example.org", {
        "EMAIL_BACKEND": SMTP, "EMAIL_HOST": "mail.example.org", "EMAIL_PORT": 587,
        "EMAIL_HOST_USER": "desk@example.org", "EMAIL_HOST_PASSWORD": "p@ss/word",
        "EMAIL_USE_TLS": True, "EMAIL_USE_SSL": False, "EMAIL_TIMEOUT": 10}),
    ("smtps://user:secret@mail.example.org:2465?timeout=30", {
        "EMAIL_BACKEND": SMTP, "EMAIL_HOST": "mail.example.org", "EMAIL_PORT": 2465,
        "EMAIL_HOST_USER": "user", "EMAIL_HOST_PASSWORD": "secret", "EMAIL_USE_TLS": False,
        "EMAIL_USE_SSL": True, "EMAIL_TIMEOUT": 30}),
    ("smtps://mail.example.org", {
        "EMAIL_BACKEND": SMTP, "EMAIL_HOST": "mail.example.org", "EMAIL_PORT": 465,
        "EMAIL_HOST_USER": "", "EMAIL_HOST_PASSWORD": "", "EMAIL_USE_TLS": False,
        "EMAIL_USE_SSL": True, "EMAIL_TIMEOUT": 10}),
])
def test_email_settings_for_each_scheme(url, expected):
    assert config.email_settings(url) == expected


@pytest.mark.parametrize("url, message", [
    ("sendmail://localhost", "EMAIL_URL scheme 'sendmail' is not supported; use smtp://, "
                             "smtp+tls://, smtps://, postmark://, console://, file:// or memory://."),
    ("mail.example.org", "EMAIL_URL scheme '' is not supported; use smtp://, "
                         "smtp+tls://, smtps://, postmark://, console://, file:// or memory://."),
    ("smtp://mail.example.org?timeout=soon",
     "EMAIL_URL timeout must be a whole number of seconds, not 'soon'."),
])
def test_email_settings_reject_bad_urls(url, message):
    with pytest.raises(ImproperlyConfigured) as error:
        config.email_settings(url)
    assert str(error.value) == message


@pytest.mark.parametrize("raw, expected", [
    ("1", True), ("true", True), (" Yes ", True), ("ON", True),
    ("0", False), ("false", False), ("No", False), ("off", False), ("", False),
])
def test_env_bool_reads_common_spellings(monkeypatch, raw, expected):
    monkeypatch.setenv("HERALD_TEST_FLAG", raw)
    assert config.env_bool("HERALD_TEST_FLAG", default=not expected) is expected


@pytest.mark.parametrize("default", [True, False])
def test_env_bool_unset_gives_the_default(monkeypatch, default):
    monkeypatch.delenv("HERALD_TEST_FLAG", raising=False)
    assert config.env_bool("HERALD_TEST_FLAG", default=default) is default


@pytest.mark.parametrize("raw", ["maybe", "2", "tru"])
def test_env_bool_refuses_anything_else(monkeypatch, raw):
    monkeypatch.setenv("HERALD_TEST_FLAG", raw)
    with pytest.raises(ImproperlyConfigured) as error:
        config.env_bool("HERALD_TEST_FLAG")
    assert str(error.value) == f"HERALD_TEST_FLAG must be true or false, not {raw!r}."


def test_env_int(monkeypatch):
    monkeypatch.setenv("HERALD_TEST_NUMBER", "12")
    assert config.env_int("HERALD_TEST_NUMBER", 3) == 12
    monkeypatch.setenv("HERALD_TEST_NUMBER", " ")
    assert config.env_int("HERALD_TEST_NUMBER", 3) == 3
    monkeypatch.setenv("HERALD_TEST_NUMBER", "twelve")
    with pytest.raises(ImproperlyConfigured) as error:
        config.env_int("HERALD_TEST_NUMBER", 3)
    assert str(error.value) == "HERALD_TEST_NUMBER must be a whole number, not 'twelve'."


def test_env_str_names_the_missing_variable(monkeypatch):
    monkeypatch.delenv("HERALD_TEST_REQUIRED", raising=False)
    assert config.env_str("HERALD_TEST_REQUIRED", "fallback") == "fallback"
    with pytest.raises(ImproperlyConfigured) as error:
        config.env_str("HERALD_TEST_REQUIRED")
    assert str(error.value) == "Set the environment variable HERALD_TEST_REQUIRED (see docs/settings.md)."


def test_production_refuses_to_start_without_a_secret_key(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("HERALD_DEMO", raising=False)
    with pytest.raises(ImproperlyConfigured) as error:
        config.secret_key(debug=False)
    assert str(error.value).startswith("Set SECRET_KEY to a long random string")


def test_database_url_defaults_to_sqlite_under_var(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert config.database_url() == f"sqlite:///{config.VAR_DIR / 'herald.sqlite3'}"
    monkeypatch.setenv("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/herald")
    assert config.database_url() == "postgres://postgres@127.0.0.1:5432/herald"


def test_frontend_cache_purges_varnish_over_http_or_nothing():
    assert config.frontend_cache("") == {}
    assert config.frontend_cache("http://127.0.0.1:6081/") == {
        "varnish": {"BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
                    "LOCATION": "http://127.0.0.1:6081"},
    }
    with pytest.raises(ImproperlyConfigured) as error:
        config.frontend_cache("127.0.0.1:6081")
    assert str(error.value) == (
        "HERALD_FRONTEND_CACHE_URL must be the HTTP address of the cache in front of Herald, "
        "e.g. http://127.0.0.1:6081, not '127.0.0.1:6081'."
    )


def test_email_settings_for_an_email_service_provider():
    assert config.email_settings("postmark://server-token@") == {
        "EMAIL_BACKEND": "anymail.backends.postmark.EmailBackend",
        "ANYMAIL": {"POSTMARK_SERVER_TOKEN": "server-token"},
    }
    assert config.email_settings("anymail-test://")["EMAIL_BACKEND"] == (
        "anymail.backends.test.EmailBackend")
