"""Varnish in front of Herald, with the VCL we ship (deploy/varnish/herald.vcl).

Each test starts Debian's varnishd on a free port in front of a live Herald
server, with a copy of the VCL whose backend address is rewritten to that
server, and points Wagtail's front-end cache at it the way
HERALD_FRONTEND_CACHE_URL does. Readers then go through Varnish over HTTP:
anonymous pages come from the cache the second time, a publish, unpublish or
correction shows at once, and a signed-in reader's page or a private response
never comes from the cache. varnishd is stopped by its process id afterwards.
"""

from __future__ import annotations

import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.test import Client

from herald import config

ROOT = Path(__file__).resolve().parents[2]
VCL = ROOT / "deploy" / "varnish" / "herald.vcl"
VARNISHD = shutil.which("varnishd") or "/usr/sbin/varnishd"
BACKEND_LINE = '.port = "8000";'


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Edge:
    """HTTP to the Varnish under test."""

    def __init__(self, port: int):
        self.port = port

    def request(self, method: str, path: str, *, cookie: str | None = None,
                headers: dict | None = None) -> tuple[int, dict, str]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            sent = {"User-Agent": "EdgeTest/1.0", **(headers or {})}
            if cookie:
                sent["Cookie"] = cookie
            connection.request(method, path, headers=sent)
            response = connection.getresponse()
            body = response.read().decode("utf-8", "replace")
            return response.status, {k.lower(): v for k, v in response.getheaders()}, body
        finally:
            connection.close()

    def get(self, path: str, **kwargs) -> tuple[int, dict, str]:
        return self.request("GET", path, **kwargs)


@pytest.fixture
def edge(live_server, settings, home, tmp_path):
    if not os.path.exists(VARNISHD):
        pytest.fail("The edge tests need Debian's varnish: run `make varnish-deps`.")
    from wagtail.models import Site

    backend = urlsplit(live_server.url)
    # Wagtail purges the addresses of the site's pages: let them be the live server's.
    Site.objects.filter(is_default_site=True).update(hostname=backend.hostname,
                                                     port=backend.port)
    shipped = VCL.read_text()
    assert BACKEND_LINE in shipped, "the VCL's backend is 127.0.0.1:8000, as deploy/ says"
    vcl = tmp_path / "herald.vcl"
    vcl.write_text(shipped.replace(BACKEND_LINE, f'.port = "{backend.port}";'))
    port = free_port()
    process = subprocess.Popen(
        [VARNISHD, "-F", "-j", "none", "-n", str(tmp_path / "varnish"),
         "-a", f"127.0.0.1:{port}", "-T", "none", "-f", str(vcl), "-s", "malloc,32m",
         "-p", "ban_lurker_sleep=0.01"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
    )
    try:
        edge = Edge(port)
        wait_until_serving(edge, process)
        settings.WAGTAILFRONTENDCACHE = config.frontend_cache(f"http://127.0.0.1:{port}")
        yield edge
    finally:
        os.killpg(process.pid, signal.SIGTERM)  # varnishd's manager and its child
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=5)


def wait_until_serving(edge: Edge, process, seconds: float = 30) -> None:
    """Until Varnish answers and its health probe has found Herald."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"varnishd stopped: {process.stderr.read().decode()}")
        try:
            if edge.get("/healthz")[0] == 200 and edge.get("/robots.txt")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise AssertionError("Varnish did not start serving Herald in time")


def twice(edge: Edge, path: str, **kwargs):
    first, second = edge.get(path, **kwargs), edge.get(path, **kwargs)
    return first, second


def correct(story, newsroom, note: str) -> None:
    from django.utils import timezone

    story.corrections.create(date=timezone.now().date(), note=note)
    publisher = newsroom.people["publisher"]
    story.save_revision(user=publisher).publish(user=publisher)


@pytest.mark.django_db(transaction=True)
def test_a_story_is_cached_and_a_correction_shows_at_once(edge, make_story, newsroom):
    story = make_story("Harbour cranes return")
    (status, first, _), (_, second, body) = twice(edge, story.url)
    assert status == 200 and first["x-cache"] == "MISS"
    assert second["x-cache"] == "HIT" and "age" in second
    assert "Harbour cranes return" in body
    # Cookies other than the session's (the meter's, CSRF) get the same shared page.
    other = edge.get(story.url, cookie="herald_meter=abc; csrftoken=xyz")[1]
    assert other["x-cache"] == "HIT" and "cookie" not in other.get("vary", "").lower()
    for path in ("/", "/europe/", "/feeds/latest/", "/sitemap-news.xml"):
        assert twice(edge, path)[1][1]["x-cache"] == "HIT", path

    feed_etag = edge.get("/feeds/latest/")[1]["etag"]
    status, headers, _ = edge.get("/feeds/latest/", headers={"If-None-Match": feed_etag})
    assert status == 304 and headers["x-cache"] == "HIT"  # Varnish answers a feed reader's poll

    correct(story, newsroom, "The cranes are on the east quay, not the west.")

    status, headers, _ = edge.get("/feeds/latest/", headers={"If-None-Match": feed_etag})
    assert status == 200 and headers["etag"] != feed_etag

    status, headers, body = edge.get(story.url)
    assert status == 200 and headers["x-cache"] == "MISS"
    assert "The cranes are on the east quay, not the west." in body
    assert edge.get(story.url)[1]["x-cache"] == "HIT"


@pytest.mark.django_db(transaction=True)
def test_publish_and_unpublish_purge_the_pages_and_feeds_that_list_the_story(
        edge, make_story, newsroom):
    from django.utils import timezone

    from herald.articles.models import Topic

    topic = Topic.objects.create(name="Harbours", slug="harbours")
    first = make_story("First harbour story", topics=[topic])
    month = f"/archive/{timezone.localtime(first.first_published_at):%Y/%m}/"
    listings = ["/", "/europe/", "/topics/harbours/", month, "/feeds/latest/",
                "/feeds/desks/europe/json/", "/feeds/topics/harbours/atom/",
                "/sitemap-stories.xml", "/sitemap-news.xml"]
    for path in listings:
        assert twice(edge, path)[1][1]["x-cache"] == "HIT", path

    second = make_story("Second harbour story", topics=[topic])

    for path in listings:
        status, headers, body = edge.get(path)
        assert status == 200 and (second.title in body or second.slug in body), path

    first.unpublish(user=newsroom.people["publisher"])
    old_address = second.url
    assert twice(edge, old_address)[1][1]["x-cache"] == "HIT"
    second.slug = "second-harbour-story-renamed"
    second.save_revision(user=newsroom.people["publisher"]).publish(
        user=newsroom.people["publisher"])
    second.refresh_from_db()

    status, headers, _ = edge.get(old_address)
    assert status in (301, 302, 404) and headers["x-cache"] != "HIT", (status, headers)
    assert edge.get(second.url)[0] == 200

    assert edge.get(first.url)[0] == 404
    for path in ("/", "/europe/", "/topics/harbours/", "/feeds/latest/"):
        assert "First harbour story" not in edge.get(path)[2], path


@pytest.mark.django_db(transaction=True)
def test_a_signed_in_readers_page_never_comes_from_varnish(edge, make_story, newsroom,
                                                            django_user_model):
    from herald.memberships.models import Member, Tier

    story = make_story("A free story for everyone")
    assert twice(edge, story.url)[1][1]["x-cache"] == "HIT"  # the anonymous page is cached
    tier = Tier.objects.create(name="Supporter", slug="supporter", monthly_price=5,
                               yearly_price=50, benefits="Everything")
    member = django_user_model.objects.create_user("member", "member@example.org", "pw")
    Member.objects.create(user=member, tier=tier, status="active", provider="development")
    subscriber = django_user_model.objects.create_user("reader", "reader@example.org", "pw")

    for user in (subscriber, member):
        client = Client()
        client.force_login(user)
        cookie = f"sessionid={client.cookies['sessionid'].value}; herald_meter=x"
        for _ in range(2):
            status, headers, body = edge.get(story.url, cookie=cookie)
            assert status == 200 and headers["x-cache"] == "PASS", user
            assert 'href="/account/">Your account</a>' in body, user


@pytest.mark.django_db(transaction=True)
def test_a_private_response_is_never_stored(edge, make_story):
    story = make_story("A metered story", access="metered")

    for _ in range(3):
        status, headers, _ = edge.get(story.url)
        assert status == 200 and "private" in headers["cache-control"]
        assert headers["x-cache"] != "HIT" and headers.get("age", "0") == "0"


@pytest.mark.django_db(transaction=True)
def test_only_herald_on_this_machine_may_purge(edge, make_story):
    story = make_story("A story nobody may purge")
    twice(edge, story.url)

    status, _, _ = edge.request("PURGE", story.url, headers={"X-Forwarded-Proto": "https"})

    assert status == 405
    assert edge.get(story.url)[1]["x-cache"] == "HIT"


VARNISHTEST = shutil.which("varnishtest") or "/usr/bin/varnishtest"
READER_ADDRESS_TEST = """varnishtest "nginx's reader address reaches Herald; readers cannot purge"
server s1 {
    rxreq
    expect req.http.X-Forwarded-For == "203.0.113.7"
    txresp -body "a page"
} -start
varnish v1 -vcl {
%s
} -start
client c1 {
    txreq -url "/europe/" -hdr "X-Forwarded-Proto: https" -hdr "X-Forwarded-For: 203.0.113.7"
    rxresp
    expect resp.status == 200
    txreq -req PURGE -url "/europe/" -hdr "X-Forwarded-Proto: https"
    rxresp
    expect resp.status == 405
} -run
"""


def test_the_readers_address_reaches_herald_as_nginx_sent_it(tmp_path):
    """X-Forwarded-For reaches Herald as nginx sent it, the reader's address last, without
    the 127.0.0.1 Varnish would append (varnishtest, with a stub for Herald)."""
    vcl = VCL.read_text()
    vcl = re.sub(r"\n\s*\.probe = \{.*?\n\s*\}\n", "\n", vcl, flags=re.S)  # the stub has no /readyz
    vcl = vcl.replace('.host = "127.0.0.1";', '.host = "${s1_addr}";')
    vcl = vcl.replace(BACKEND_LINE, '.port = "${s1_port}";')
    script = tmp_path / "reader_address.vtc"
    script.write_text(READER_ADDRESS_TEST % vcl)

    result = subprocess.run([VARNISHTEST, "-q", "-t", "60", str(script)], capture_output=True,
                            text=True, timeout=120)

    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
