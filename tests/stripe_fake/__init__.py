"""A local, stateful Stripe fake for tests: localstripe plus Checkout and the
billing portal. Test-only; nothing in ``herald/`` imports it.

The official ``stripe`` package talks to it over HTTP (``stripe.api_base``), so
Herald's Stripe provider runs unchanged. It runs as a subprocess on 127.0.0.1,
from scratch each time, and accepts one secret key, the one the test gives
Herald through settings (any other answers 401, as Stripe does).

Modelled, on top of what localstripe already does (customers, payment
methods, plans, subscriptions and their invoices and cancellation):

- ``POST /v1/prices``, ``GET /v1/prices/<id>``: one-off and recurring prices,
  with ``product`` or ``product_data``. A recurring price is also a plan with
  the same id, and subscription items carry ``price`` and
  ``current_period_start``/``current_period_end``, as in Stripe.
- ``POST /v1/checkout/sessions`` (modes ``payment`` and ``subscription``),
  ``GET /v1/checkout/sessions/<id>`` (``expand[]=line_items``) and
  ``.../line_items``: id ``cs_test_...``, ``url`` in Stripe's shape
  (``https://checkout.stripe.com/c/pay/<id>``), mode, status, payment_status,
  customer, customer_email, customer_creation, customer_details, metadata,
  client_reference_id, success_url, cancel_url, subscription, payment_intent,
  amount_total, currency, expires_at. Stripe's refusals of parameter
  combinations Herald could get wrong: ``customer`` with ``customer_email``
  or ``customer_creation``; ``customer_creation`` or ``payment_intent_data``
  outside payment mode; ``subscription_data`` outside subscription mode; a
  recurring price in payment mode or none in subscription mode; an unknown
  customer or price (404 ``resource_missing``); unknown parameters.
- ``POST /v1/billing_portal/sessions``: ``customer`` must exist; ``url`` in
  Stripe's shape (``https://billing.stripe.com/p/session/test_...``).
- Control endpoints, not Stripe's, under localstripe's ``/_config/``:
  ``POST /_config/checkout/sessions/<id>/complete`` (optional
  ``card_number``) does what Stripe does when the reader pays: creates the
  customer (always in subscription mode; in payment mode only with
  ``customer_creation=always``), attaches a card, then creates the
  subscription with ``subscription_data.metadata`` and pays its first invoice,
  or confirms a payment intent with ``payment_intent_data.metadata``; marks
  the session complete and paid and emits ``checkout.session.completed``. It
  answers every event the payment caused, oldest first, for the test to sign
  and post to Herald's webhook. A declining test card (e.g.
  ``4000000000000002``) answers 402 and leaves the session open.
  ``GET /_config/billing_portal/sessions`` lists the portal sessions opened.

Not modelled: the hosted pages themselves (nothing serves the ``url``s),
webhook delivery (the test signs and posts events itself), ``setup`` mode,
more than one line item, trials, discounts, taxes, delayed payment methods
(``payment_status: unpaid`` then ``checkout.session.async_payment_*``),
session expiry, portal configurations and flows (the test makes the portal's
changes through the subscription API), renewals over time (no test clocks),
idempotency keys, API versions (localstripe's events say ``2017-08-15`` and
keep older fields such as ``invoice.subscription``), rate limits.
"""

from __future__ import annotations

import contextlib
import json
import secrets
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

TESTS_DIR = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class FakeStripe:
    """One fake Stripe server, started and stopped by the test."""

    def __init__(self, secret_key: str | None = None):
        self.secret_key = secret_key or "sk_test_fake_" + secrets.token_hex(12)
        self.port = free_port()
        self.api_base = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 20) -> FakeStripe:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "stripe_fake", "--port", str(self.port),
             "--secret-key", self.secret_key],
            cwd=TESTS_DIR, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("The Stripe fake exited: " + self.process.stderr.read().decode())
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return self
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"The Stripe fake did not start within {timeout} seconds.")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        if self.process and self.process.stderr:
            self.process.stderr.close()

    def _control(self, method: str, path: str, data: dict | None = None) -> dict:
        body = urllib.parse.urlencode(data or {}).encode() if method == "POST" else None
        request = urllib.request.Request(self.api_base + path, data=body, method=method)
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        with opener.open(request, timeout=10) as response:
            return json.loads(response.read())

    def complete_checkout(self, session_id: str, card_number: str | None = None) -> list[dict]:
        """The reader pays on the hosted page: the events Stripe would send, oldest first."""
        data = {"card_number": card_number} if card_number else {}
        return self._control("POST", f"/_config/checkout/sessions/{session_id}/complete", data)["data"]

    def portal_sessions(self) -> list[dict]:
        """Every billing-portal session opened so far, oldest first."""
        return self._control("GET", "/_config/billing_portal/sessions")["data"]


@contextlib.contextmanager
def stripe_unreachable(fake):
    """Herald configured as usual, but nothing answers at Stripe's address."""
    import stripe

    stopped = FakeStripe(secret_key=fake.secret_key).start()
    stopped.stop()
    stripe.api_base = stopped.api_base
    try:
        yield stopped
    finally:
        stripe.api_base = fake.api_base
