"""Fault injection: a bounded load of page views, letters, sign-ups and signed webhooks
while an in-process TCP proxy (tests/faults/proxy.py) cuts and restores Redis, then
PostgreSQL (each cut with all four kinds). Every acknowledged write must be stored and queued exactly once, reader
pages must answer 200 while Redis is down, and the worker must resume by itself.
Figures are printed (docs/reliability.md records them).

What runs where: the Redis cut runs in every suite that has a Redis (the shared
``redis_url`` fixture: ``REDIS_URL``, or the machine's Redis on 6379, else skipped
saying so). The
database cut needs PostgreSQL (``DATABASE_URL=postgres://…``): on SQLite there is no
connection to cut, and it is skipped with that reason.
"""

from __future__ import annotations

import os
import threading
import time
import uuid
from urllib.parse import urlparse

import pytest
from django.db import close_old_connections, connection, connections
from django.test import Client

from herald import config
from herald.letters.models import LetterSubmission
from herald.memberships.models import PaymentEvent, Subscriber
from tests.conftest import add_letters_page
from tests.faults.proxy import TcpProxy

ROUNDS = 24
# The Redis cut's rounds: a third before the cut, a third with Redis down, a third after;
# four rounds in each third send every kind of request (five pages, a beacon, a letter,
# a sign-up, a webhook) while Redis is up, down and back. 24 rounds cost twice the CPU
# (about 10 s in the suite) and tested nothing more.
REDIS_ROUNDS = 12
LETTER = {"name": "Maria Rossi", "town": "Bologna", "website": "",
          "text": "The night train to Vienna is a fine idea.\n\nPlease keep the sleeper cars."}


@pytest.fixture
def site(make_story, newsroom):
    story = make_story("Night trains return to the Alps", access="metered")
    free = make_story("The harbour reopens", access="free")
    add_letters_page(newsroom.home)
    return {"pages": ["/", story.url, free.url, newsroom.desks["europe"].url, "/search/?q=train"],
            "beacon": f"/views/{free.pk}/"}


def reader(n: int) -> Client:
    return Client(REMOTE_ADDR=f"198.51.100.{n % 250 + 1}", HTTP_ORIGIN="http://testserver",
                  raise_request_exception=False)


def report(capsys, title: str, figures: dict) -> None:
    with capsys.disabled():
        print(f"\n[faults] {title}: " + ", ".join(f"{k} {v}" for k, v in figures.items()))


def assert_letters_queued_once(tokens):
    for token in tokens:
        submissions = LetterSubmission.objects.filter(token=token)
        assert submissions.count() == 1, token
        assert submissions.get().draft_id is not None, token


@pytest.mark.django_db
@pytest.mark.usefixtures("revenue_settings")
def test_redis_cut_and_restored_under_load(site, settings, capsys, redis_url):
    from reader_revenue import post_webhook, stripe_event

    target = urlparse(redis_url)
    proxy = TcpProxy(target.hostname or "127.0.0.1", target.port or 6379)
    url = f"redis://127.0.0.1:{proxy.port}{target.path or '/0'}"
    settings.REDIS_URL = url
    settings.CACHES = config.redis_caches(url, prefix=f"faults-{uuid.uuid4().hex[:8]}",
                                          timeout_ms=300)
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    settings.HERALD_METER_CACHE = "default"
    figures = {"requests": 0, "faults": 0, "pages not 200 while Redis down": 0,
               "pages not 200 while up": 0, "letters acknowledged": 0, "sign-ups acknowledged": 0,
               "webhooks acknowledged": 0, "lost": 0}
    letters, sign_ups, events = [], [], []
    try:
        for n in range(REDIS_ROUNDS):
            if n == REDIS_ROUNDS // 3:
                proxy.cut()
                figures["faults"] += 1
            if n == 2 * REDIS_ROUNDS // 3:
                proxy.restore()
            down = proxy.down
            client = reader(n)
            for page in site["pages"]:
                status = client.get(page).status_code
                figures["requests"] += 1
                if status != 200:
                    figures["pages not 200 while Redis down" if down else "pages not 200 while up"] += 1
            assert client.post(site["beacon"]).status_code == 204
            token = str(uuid.uuid4())
            response = client.post("/letters/", {**LETTER, "token": token,
                                                 "email": f"writer{n}@example.org"})
            figures["requests"] += 2
            if response.status_code == 302:
                letters.append(token)
            email = f"reader{n}@example.org"
            response = client.post("/subscribe/", {"email": email, "consent": "on",
                                                   "website": "", "next": "/"})
            figures["requests"] += 1
            if response.status_code == 200:
                sign_ups.append(email)
            event_id = f"evt_redis_fault_{n}"
            body = stripe_event("customer.subscription.updated",
                                {"id": f"sub_redis_fault_{n}", "status": "active", "metadata": {}},
                                event_id=event_id, created=1_790_000_000 + n)
            figures["requests"] += 1
            if post_webhook(Client(raise_request_exception=False), body).status_code == 200:
                events.append(event_id)
            if n == REDIS_ROUNDS // 3:
                assert client.get("/healthz").json()["checks"]["redis"]["ok"] is False
    finally:
        proxy.close()
    figures["letters acknowledged"], figures["sign-ups acknowledged"] = len(letters), len(sign_ups)
    figures["webhooks acknowledged"] = len(events)
    stored = set(Subscriber.objects.filter(email__in=sign_ups).values_list("email", flat=True))
    processed = set(PaymentEvent.objects.filter(
        event_id__in=events, status__in=["processed", "ignored"]).values_list("event_id", flat=True))
    figures["lost"] = len(set(sign_ups) - stored) + len(set(events) - processed) + sum(
        not LetterSubmission.objects.filter(token=t, draft__isnull=False).exists() for t in letters)
    report(capsys, "Redis cut for a third of the load", figures)

    assert figures["pages not 200 while Redis down"] == figures["pages not 200 while up"] == 0
    assert len(letters) == len(sign_ups) == len(events) == REDIS_ROUNDS  # all taken, Redis or not
    assert_letters_queued_once(letters)
    assert PaymentEvent.objects.filter(event_id__in=events).count() == REDIS_ROUNDS  # each once
    assert figures["lost"] == 0


ON_POSTGRES = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))


@pytest.mark.skipif(not ON_POSTGRES, reason="cutting the database needs PostgreSQL "
                    "(DATABASE_URL=postgres://…); SQLite has no connection to cut")
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("revenue_settings")
def test_postgres_cut_and_restored_under_load(site, settings, capsys, redis_url):
    from herald.core.management.commands.db_worker import ResilientWorker

    from reader_revenue import post_webhook, stripe_event

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    # As deployed: Redis caches (revenue_settings puts a local-memory cache in their place).
    settings.REDIS_URL = redis_url
    settings.CACHES = config.redis_caches(redis_url, prefix=f"faults-{uuid.uuid4().hex[:8]}")
    database = connection.settings_dict  # shared by every thread's connection
    real = (database["HOST"], database["PORT"])
    proxy = TcpProxy(real[0] or "127.0.0.1", int(real[1] or 5432))
    database["HOST"], database["PORT"] = "127.0.0.1", str(proxy.port)
    connection.close()

    worker = ResilientWorker(queue_names=["default"], interval=0.05, batch=False,
                             backend_name="default", startup_delay=False, max_tasks=None,
                             worker_id="faults-worker", excluded_queue_names=[])
    worker.first_wait = 0.2

    def work():
        try:
            worker.run()
        finally:
            connections.close_all()

    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    figures = {"requests": 0, "faults": 0, "errors while down": 0, "errors while up": 0,
               "letters acknowledged": 0, "sign-ups acknowledged": 0, "webhooks acknowledged": 0,
               "resent": 0, "lost": 0}
    letters, sign_ups, events, unanswered = [], [], [], []

    def send(kind, n, payload=None):
        close_old_connections()  # as a server does at each request
        figures["requests"] += 1
        if kind == "letter":
            token = payload or str(uuid.uuid4())
            response = reader(n).post("/letters/", {**LETTER, "token": token,
                                                    "email": f"writer{n}@example.org"})
            ok = response.status_code == 302
            (letters if ok else unanswered).append(("letter", n, token))
        elif kind == "sign-up":
            email = payload or f"reader{n}@example.org"
            response = reader(n).post("/subscribe/", {"email": email, "consent": "on",
                                                      "website": "", "next": "/"})
            ok = response.status_code == 200
            (sign_ups if ok else unanswered).append(("sign-up", n, email))
        else:
            event_id = payload or f"evt_fault_{n}"
            body = stripe_event("customer.subscription.updated",
                                {"id": f"sub_fault_{n}", "status": "active", "metadata": {}},
                                event_id=event_id, created=1_790_000_000 + n)
            ok = post_webhook(Client(raise_request_exception=False), body).status_code == 200
            (events if ok else unanswered).append(("webhook", n, event_id))
        return ok

    try:
        for n in range(ROUNDS):
            if n == ROUNDS // 3:
                proxy.cut()
                figures["faults"] += 1
            if n == ROUNDS // 2:
                # Requests fail fast while the port is closed, so the cut can be shorter
                # than one of the worker's polls: keep it down until the worker has met it.
                deadline = time.monotonic() + 10
                while worker.outages == 0 and time.monotonic() < deadline:
                    time.sleep(0.05)
                proxy.restore()
            down = proxy.down
            close_old_connections()
            status = reader(n).get(site["pages"][n % len(site["pages"])]).status_code
            figures["requests"] += 1
            failures = [status >= 500, not send("letter", n), not send("sign-up", n),
                        not send("webhook", n)]
            figures["errors while down" if down else "errors while up"] += sum(failures)
        # Readers send the form again and Stripe retries what was not answered 2xx.
        for kind, n, key in list(unanswered):
            figures["resent"] += 1
            assert send(kind, n, key), (kind, key)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and PaymentEvent.objects.exclude(
                status__in=["processed", "ignored"]).exists():
            time.sleep(0.2)
    finally:
        worker.running = False
        thread.join(timeout=30)
        proxy.close()
        database["HOST"], database["PORT"] = real
        connection.close()
    tokens = [key for _, _, key in letters]
    emails = [key for _, _, key in sign_ups]
    event_ids = [key for _, _, key in events]
    figures["letters acknowledged"], figures["webhooks acknowledged"] = len(tokens), len(event_ids)
    figures["sign-ups acknowledged"] = len(emails)
    figures["worker outages survived"] = worker.outages
    figures["lost"] = sum(
        not LetterSubmission.objects.filter(token=t, draft__isnull=False).exists() for t in tokens
    ) + sum(not PaymentEvent.objects.filter(event_id=e).exists() for e in event_ids) + sum(
        not Subscriber.objects.filter(email=e).exists() for e in emails)
    report(capsys, "PostgreSQL cut for a sixth of the load", figures)

    assert figures["errors while up"] == 0
    assert figures["errors while down"] > 0  # the cut was real
    assert sorted(tokens) == sorted(set(tokens)) and len(tokens) == ROUNDS
    assert_letters_queued_once(tokens)
    assert sorted(emails) == sorted(set(emails)) and len(emails) == ROUNDS
    assert Subscriber.objects.filter(email__in=emails).count() == ROUNDS
    assert sorted(PaymentEvent.objects.values_list("event_id", flat=True)) == sorted(event_ids)
    assert set(PaymentEvent.objects.values_list("status", flat=True)) <= {"processed", "ignored"}
    assert worker.outages >= 1 and not thread.is_alive()
    assert figures["lost"] == 0
