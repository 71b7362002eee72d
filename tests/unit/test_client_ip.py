"""Whose address the rate limits and the meter see: X-Forwarded-For is believed only
from the proxies named in FORWARDED_ALLOW_IPS (none by default)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory

from herald import config
from herald.core.ratelimit import client_ip


def request(remote, forwarded=None):
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, **headers)


@pytest.mark.parametrize("allowed, remote, forwarded, seen", [
    # Default: no proxy is trusted, whatever the client writes (HTTPS or not).
    ([], "198.51.100.9", "203.0.113.7", "198.51.100.9"),
    ([], "127.0.0.1", "203.0.113.7", "127.0.0.1"),
    # The documented proxy on the same machine.
    (["127.0.0.1"], "127.0.0.1", "203.0.113.7", "203.0.113.7"),
    (["127.0.0.1"], "127.0.0.1", "10.9.9.9, 203.0.113.7", "203.0.113.7"),  # forged left part
    (["127.0.0.1"], "127.0.0.1", "203.0.113.7, 127.0.0.1", "203.0.113.7"),  # nginx then Varnish
    (["127.0.0.1"], "127.0.0.1", None, "127.0.0.1"),
    (["127.0.0.1"], "198.51.100.9", "203.0.113.7", "198.51.100.9"),  # not from the proxy
    (["10.0.0.0/8"], "10.1.2.3", "203.0.113.7", "203.0.113.7"),
    (["*"], "198.51.100.9", "203.0.113.7", "203.0.113.7"),
])
def test_forwarded_address_believed_only_from_configured_proxies(settings, allowed, remote,
                                                                  forwarded, seen):
    settings.HERALD_FORWARDED_ALLOW_IPS = allowed
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    assert client_ip(request(remote, forwarded)) == seen


def test_bad_proxy_list_stops_start_up(monkeypatch):
    monkeypatch.setenv("FORWARDED_ALLOW_IPS", "127.0.0.1, the-proxy")
    with pytest.raises(ImproperlyConfigured) as error:
        config.forwarded_allow_ips()
    assert str(error.value) == (
        "FORWARDED_ALLOW_IPS must list IP addresses or networks (or *), not 'the-proxy'.")


def test_default_trusts_no_proxy(monkeypatch):
    monkeypatch.delenv("FORWARDED_ALLOW_IPS", raising=False)
    assert config.forwarded_allow_ips() == []
