"""Redis down: a real outage (the configured Redis address refuses connections), not a mock.

Reader pages render without the cache, letters and sign-ups are still stored, the
rate limits fail as documented (closed for sign-in, counted in the process for letters
and sign-ups, open for page views), and /healthz and /readyz say what is down.
"""

from __future__ import annotations

import socket
import uuid

import pytest
from django.contrib.auth import get_user_model
from test_access import GATED, OPEN_1, PARAGRAPHS, body, reader
from test_letters import LETTER, errors_in, letters_page, shared_letters_page  # noqa: F401

from herald import config
from herald.articles.models import ArticlePage
from herald.core import signin_throttle
from herald.core.ratelimit import UNAVAILABLE_MESSAGE
from herald.letters.models import LetterSubmission
from herald.memberships.models import Subscriber

pytestmark = pytest.mark.django_db


@pytest.fixture
def newsroom(newsroom_from_module):
    """Desks and people built once for this module; each test rolls back its own writes."""
    return newsroom_from_module


def closed_port() -> int:
    """A local port nothing listens on: connecting to it is refused at once."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(autouse=True)
def redis_down(settings):
    url = f"redis://127.0.0.1:{closed_port()}/5"
    settings.REDIS_URL = url
    settings.CACHES = config.redis_caches(url, timeout_ms=200)
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    settings.HERALD_METER_CACHE = "default"
    yield url


def test_reader_pages_render_while_redis_is_down(client, make_story, newsroom):
    made = {name: make_story(f"{name.title()} story", access=name, paragraphs=PARAGRAPHS)
            for name in ("metered", "members", "free")}
    made["first"] = made["metered"]
    assert OPEN_1 in body(client.get("/"))
    assert body(client.get(newsroom.desks["europe"].url))
    free = body(reader().get(made["free"].url))
    assert GATED in free  # a free story in full
    metered = body(reader().get(made["first"].url))
    assert GATED in metered  # within the meter, counted from the cookie alone
    members_only = body(reader().get(made["members"].url))
    assert GATED not in members_only and OPEN_1 in members_only  # still gated
    assert client.get("/search/?q=story").status_code == 200
    assert client.post(f"/views/{made['free'].pk}/").status_code == 204  # fails open


def test_health_is_live_and_ready_but_reports_redis_down(client):
    live = client.get("/healthz")
    assert live.status_code == 200
    assert live.json()["checks"]["database"]["ok"] is True
    assert live.json()["checks"]["redis"]["ok"] is False
    assert live.json()["ok"] is False
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert (ready.json()["ready"], ready.json()["degraded"]) == (True, True)


@pytest.mark.usefixtures("letters_page")
def test_letters_are_stored_and_still_limited(client, settings):
    settings.HERALD_LETTERS_PER_HOUR = 2
    email = f"{uuid.uuid4().hex}@example.org"  # the in-process count outlives one test
    for _ in range(2):
        response = client.post("/letters/", {**LETTER, "email": email,
                                             "token": str(uuid.uuid4())})
        assert response.status_code == 302
    assert LetterSubmission.objects.filter(email=email, draft__isnull=False).count() == 2
    assert ArticlePage.objects.filter(kind="letter").count() == 2
    refused = client.post("/letters/", {**LETTER, "email": email, "token": str(uuid.uuid4())})
    assert refused.status_code == 429


def test_sign_ups_are_stored(client, home):
    email = f"{uuid.uuid4().hex}@example.org"
    response = client.post("/subscribe/", {"email": email, "consent": "on", "website": "",
                                           "next": "/"}, HTTP_ORIGIN="http://testserver")
    assert response.status_code == 200
    assert Subscriber.objects.filter(email=email).exists()


def test_reader_sign_in_fails_closed(client, home):
    response = client.post("/account/sign-in/", {"email": "reader@example.org", "next": "",
                                                 "website": ""})
    assert response.status_code == 503
    assert errors_in(response) == [UNAVAILABLE_MESSAGE]


def test_admin_sign_in_fails_closed(client, newsroom):
    response = client.post("/admin/login/", {"username": "europe-editor", "password": "pw"})
    assert response.status_code == 503
    assert response.content.decode() == signin_throttle.UNAVAILABLE


def test_a_signed_in_editor_stays_signed_in(client, newsroom):
    user = get_user_model().objects.get(username="europe-editor")
    client.force_login(user)  # the session is written to the database too
    assert client.get("/admin/").status_code == 200
