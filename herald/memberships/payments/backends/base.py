"""The payment-provider interface. A provider turns Herald's intents (join a
tier, donate) into a hosted checkout, and reports what happened as events in
Stripe's shape, which ``herald.memberships.payments.processing`` applies."""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass, field
from typing import Literal

from herald.core.errors import HeraldError


class InvalidSignature(HeraldError):
    code = "invalid_signature"
    status = 400


class InvalidEvent(HeraldError):
    """Signed, but not an event Herald can store: refused with a 400, and logged."""

    code = "invalid_event"
    status = 400


# What a provider's event must look like before it is stored (Stripe: evt_ + base62).
EVENT_ID = re.compile(r"[A-Za-z0-9_-]{1,100}")
EVENT_TYPE = re.compile(r"[a-z0-9_.]{1,100}")
MAX_DEPTH = 32  # Stripe's events nest a handful of levels
MAX_CREATED = 2**40  # far past any real timestamp, inside a BigIntegerField


def signed_in_future(signature_header: str | None, tolerance: int, now: float | None = None) -> bool:
    """True when the header's ``t=`` timestamp is more than ``tolerance`` seconds ahead."""
    now = time.time() if now is None else now
    for item in (signature_header or "").split(","):
        key, _, value = item.strip().partition("=")
        if key == "t" and value.isdigit() and len(value) < 20:
            return int(value) > now + tolerance
    return False


def _depth(value) -> int:
    """How deeply ``value`` nests lists and objects (iteratively: no recursion limit)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, level)
            if deepest > MAX_DEPTH:
                return deepest
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, level + 1) for child in children)
    return deepest


class PaymentProviderError(HeraldError):
    """The provider refused or failed one request (e.g. no such subscription)."""

    code = "payment_provider_error"
    status = 502


class ProviderUnavailable(PaymentProviderError):
    """The provider cannot be asked at all (unreachable, not configured, refusing our key):
    every other request would fail the same way, so batch work stops at the first one."""

    code = "payment_provider_unavailable"


@dataclass(frozen=True)
class Event:
    """A verified provider event: ``data`` is the object it reports on."""

    id: str
    type: str
    created: int
    data: dict
    payload: str = field(repr=False, default="")


@dataclass(frozen=True)
class CheckoutRequest:
    """What the reader is about to pay for."""

    kind: Literal["membership", "donation"]
    email: str
    success_url: str
    cancel_url: str
    amount: int  # minor units
    currency: str
    recurring_interval: Literal["month", "year"] | None = None
    product_name: str = ""
    customer_id: str = ""
    tier: object | None = None  # a Tier, for memberships
    metadata: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Checkout:
    id: str
    url: str


class PaymentProvider:
    """Subclass and implement each method; events must follow Stripe's shapes
    (``checkout.session.completed``, ``customer.subscription.*``, ``invoice.paid``)."""

    name = ""
    label = ""

    def create_checkout(self, request: CheckoutRequest) -> Checkout:
        raise NotImplementedError

    def portal_url(self, *, customer_id: str, return_url: str) -> str:
        """Where the member updates their card and invoices."""
        raise NotImplementedError

    def parse_webhook(self, payload: bytes | str, signature_header: str | None) -> Event:
        """Verify the signature and return the event; raise InvalidSignature otherwise."""
        raise NotImplementedError

    def fetch_subscription(self, subscription_id: str) -> dict:
        """The subscription as the provider knows it now (for reconciliation)."""
        raise NotImplementedError

    def update_subscription(self, subscription_id: str, *, tier=None, interval: str | None = None,
                            cancel_at_period_end: bool | None = None) -> dict:
        """Change tier or interval, or (un)schedule cancellation; returns the subscription."""
        raise NotImplementedError

    def cancel_subscription(self, subscription_id: str) -> dict:
        """End a subscription now (the reader deleted their account)."""
        raise NotImplementedError

    @staticmethod
    def event_from_payload(payload: bytes | str) -> Event:
        """The event in a signed payload; InvalidEvent (400) for anything that is not
        an event Herald can store and process: not an object, an id that is too long or
        has control characters, a missing field, nesting deeper than any real event."""
        try:
            text = payload.decode() if isinstance(payload, bytes | bytearray) else payload
            body = json.loads(text)
        except (ValueError, RecursionError) as exc:
            raise InvalidEvent("The event body is not valid JSON.") from exc
        if not isinstance(body, dict):
            raise InvalidEvent("The event body is not a JSON object.")
        event_id, type_, created = body.get("id"), body.get("type"), body.get("created")
        data = body.get("data")
        if not isinstance(event_id, str) or not EVENT_ID.fullmatch(event_id):
            raise InvalidEvent("The event id must be 1 to 100 letters, digits, - or _.")
        if not isinstance(type_, str) or not EVENT_TYPE.fullmatch(type_):
            raise InvalidEvent("The event type must be 1 to 100 lower-case letters, digits, . or _.")
        if isinstance(created, bool) or not isinstance(created, int) or not 0 < created < MAX_CREATED:
            raise InvalidEvent("The event's created time must be a positive whole number of seconds.")
        if not isinstance(data, dict) or not isinstance(data.get("object"), dict):
            raise InvalidEvent("The event has no data object.")
        if _depth(body) > MAX_DEPTH:
            raise InvalidEvent(f"The event nests deeper than {MAX_DEPTH} levels.")
        return Event(id=event_id, type=type_, created=created, data=data["object"], payload=text)
