"""The payment-provider interface. A provider turns Herald's intents (join a
tier, donate) into a hosted checkout, and reports what happened as events in
Stripe's shape, which ``herald.memberships.payments.processing`` applies."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Literal

from herald.core.errors import HeraldError


class InvalidSignature(HeraldError):
    code = "invalid_signature"
    status = 400


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
        text = payload.decode() if isinstance(payload, bytes | bytearray) else payload
        try:
            body = json.loads(text)
            return Event(id=str(body["id"]), type=str(body["type"]), created=int(body["created"]),
                         data=body["data"]["object"], payload=text)
        except (ValueError, KeyError, TypeError) as exc:
            raise InvalidSignature(f"The event body is not a provider event ({exc}).") from exc
