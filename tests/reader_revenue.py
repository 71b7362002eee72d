"""Test helpers for reader revenue: signed webhook payloads, sign-up and a signed-in reader.

The ``revenue_settings`` fixture is in ``tests/conftest.py``."""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import time

WEBHOOK_SECRET = "whsec_test_secret"


def stripe_signature(payload: str, secret: str = WEBHOOK_SECRET, timestamp: int | None = None) -> str:
    """Stripe's documented scheme: t=<ts>,v1=<hex hmac_sha256(secret, "<ts>.<payload>")>."""
    timestamp = int(time.time()) if timestamp is None else timestamp
    digest = hmac.new(secret.encode(), f"{timestamp}.{payload}".encode(), hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def stripe_event(type_: str, obj: dict, *, event_id: str, created: int) -> str:
    return json.dumps({"id": event_id, "object": "event", "type": type_, "created": created,
                       "data": {"object": obj}})


def post_webhook(client, payload: str, signature: str | None = "sign"):
    headers = {}
    if signature == "sign":
        signature = stripe_signature(payload)
    if signature is not None:
        headers["HTTP_STRIPE_SIGNATURE"] = signature
    return client.post("/webhooks/stripe/", payload, content_type="application/json", **headers)


def link_in(message, kind: str) -> str:
    """The path of the first link of ``kind`` ("sign-in" or "confirm") in an e-mail."""
    pattern = r"https?://[^/\s]+(/account/sign-in/[^/\s]+/)" if kind == "sign-in" else \
        r"https?://[^/\s]+(/subscribe/confirm/[^/\s]+/)"
    return re.search(pattern, message.body).group(1)


def subscribe(client, email: str):
    return client.post("/subscribe/", {"email": email, "consent": "yes", "next": "/"})


def sign_in(client, email: str) -> None:
    """Subscribe, confirm and sign in ``email`` in ``client``, as a reader would."""
    from django.core import mail

    subscribe(client, email)
    if mail.outbox and email in mail.outbox[-1].to and "/subscribe/confirm/" in mail.outbox[-1].body:
        client.post(link_in(mail.outbox[-1], "confirm"))
    client.post("/account/sign-in/", {"email": email})
    response = client.get(link_in(mail.outbox[-1], "sign-in"))
    assert response.status_code == 302, response.content
