"""Stripe, through the official ``stripe`` package: Checkout sessions, the
customer portal, signed webhooks. ``STRIPE_SECRET_KEY`` and
``STRIPE_WEBHOOK_SECRET`` are read at call time; requests go to
``stripe.api_base`` (Stripe itself unless a test points it at a fake)."""

from __future__ import annotations

import logging
from functools import cache

import stripe
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from herald.memberships.payments.backends.base import (
    Checkout,
    CheckoutRequest,
    Event,
    InvalidEvent,
    InvalidSignature,
    PaymentProvider,
    PaymentProviderError,
    ProviderUnavailable,
    signed_in_future,
)

logger = logging.getLogger(__name__)


class PaymentsNotConfigured(ProviderUnavailable):
    code = "payments_not_configured"
    status = 503


@cache
def _http_client(timeout: tuple[float, float]) -> stripe.HTTPClient:
    return stripe.RequestsClient(timeout=timeout)  # thread-safe: one session per thread


class StripeProvider(PaymentProvider):
    name = "stripe"
    label = "Stripe"
    # The SDK's defaults (80 s per attempt, 2 retries) would let a stalled
    # connection outlast the web worker, and the reader would get the proxy's
    # bare 502. Connect and read limits in seconds; POSTs carry an idempotency
    # key, so the retry cannot create anything twice.
    timeout = (5.0, 10.0)
    max_network_retries = 1

    def _client(self) -> stripe.StripeClient:
        key = getattr(settings, "STRIPE_SECRET_KEY", "")
        if not key:
            logger.error("STRIPE_SECRET_KEY is not set: readers cannot pay (system check W002).")
            raise PaymentsNotConfigured("Payments are not set up on this site yet. "
                                        "Please try again later.")
        return stripe.StripeClient(key, base_addresses={"api": stripe.api_base},
                                   http_client=_http_client(self.timeout),
                                   max_network_retries=self.max_network_retries)

    def _call(self, request):
        """``request(client.v1)``, with Stripe's failures turned into one error readers understand."""
        api = self._client().v1
        try:
            return request(api)
        except stripe.StripeError as exc:
            logger.warning("Stripe request failed: %s: %s", type(exc).__name__, exc)
            # Stripe answered about this request (no such object, a declined card):
            # others may work. Anything else (no answer, our key refused, 5xx) is Stripe
            # being unavailable for every request.
            answered = isinstance(exc, stripe.InvalidRequestError | stripe.CardError)
            raise (PaymentProviderError if answered else ProviderUnavailable)(
                "The payment provider did not answer as expected. Please try again in a minute."
            ) from exc

    def _price_id(self, tier, interval: str) -> str:
        """The tier's Stripe price, created (and remembered on the tier) on first use."""
        field = "stripe_yearly_price_id" if interval == "year" else "stripe_monthly_price_id"
        price_id = getattr(tier, field)
        if not price_id:
            price = self._call(lambda api: api.prices.create({
                "currency": tier.currency.lower(), "unit_amount": tier.price_minor(interval),
                "recurring": {"interval": interval}, "product_data": {"name": tier.name},
                "metadata": {"herald_tier": tier.slug},
            }))
            price_id = price["id"]
            setattr(tier, field, price_id)
            tier.save(update_fields=[field])
        return price_id

    def create_checkout(self, request: CheckoutRequest) -> Checkout:
        params: dict = {
            "success_url": request.success_url,
            "cancel_url": request.cancel_url,
            "metadata": request.metadata,
        }
        if request.customer_id:
            params["customer"] = request.customer_id
        else:
            params["customer_email"] = request.email
        if request.tier is not None:
            line = {"price": self._price_id(request.tier, request.recurring_interval or "month")}
        else:
            price_data = {"currency": request.currency.lower(), "unit_amount": request.amount,
                          "product_data": {"name": request.product_name}}
            if request.recurring_interval:
                price_data["recurring"] = {"interval": request.recurring_interval}
            line = {"price_data": price_data}
        params["line_items"] = [{**line, "quantity": 1}]
        if request.recurring_interval:
            params["mode"] = "subscription"
            params["subscription_data"] = {"metadata": request.metadata}
        else:
            params["mode"] = "payment"
            params["payment_intent_data"] = {"metadata": request.metadata}
            if not request.customer_id:  # Stripe refuses customer_creation with a customer
                params["customer_creation"] = "always"
        session = self._call(lambda api: api.checkout.sessions.create(params))
        return Checkout(id=session["id"], url=session["url"])

    def portal_url(self, *, customer_id: str, return_url: str) -> str:
        session = self._call(lambda api: api.billing_portal.sessions.create(
            {"customer": customer_id, "return_url": return_url}))
        return session["url"]

    def parse_webhook(self, payload: bytes | str, signature_header: str | None) -> Event:
        secret = getattr(settings, "STRIPE_WEBHOOK_SECRET", "")
        if not secret:
            raise ImproperlyConfigured("Set STRIPE_WEBHOOK_SECRET to receive Stripe webhooks.")
        if signed_in_future(signature_header, stripe.Webhook.DEFAULT_TOLERANCE):
            # Stripe's check bounds only the past; a timestamp ahead of our clock by
            # more than the tolerance would keep a captured event replayable for longer.
            raise InvalidSignature("The Stripe-Signature header does not match this payload.")
        try:
            # The signature only; the body is parsed and checked by event_from_payload
            # (construct_event would build an SDK object from whatever JSON was signed).
            stripe.WebhookSignature.verify_header(
                payload.decode() if isinstance(payload, bytes | bytearray) else payload,
                signature_header, secret, tolerance=stripe.Webhook.DEFAULT_TOLERANCE)
        except stripe.SignatureVerificationError as exc:
            raise InvalidSignature("The Stripe-Signature header does not match this payload.") from exc
        except UnicodeDecodeError as exc:
            raise InvalidEvent("The event body is not UTF-8 text.") from exc
        return self.event_from_payload(payload)

    def fetch_subscription(self, subscription_id: str) -> dict:
        return self._call(lambda api: api.subscriptions.retrieve(subscription_id)).to_dict()

    def update_subscription(self, subscription_id: str, *, tier=None, interval=None,
                            cancel_at_period_end=None) -> dict:
        # The SDK's objects are not dicts (no .get): work on a plain copy.
        current = self.fetch_subscription(subscription_id)
        params: dict = {}
        if tier is not None:
            item = current["items"]["data"][0]
            interval = interval or item["price"]["recurring"]["interval"]
            params["items"] = [{"id": item["id"], "price": self._price_id(tier, interval)}]
            params["metadata"] = {**(current.get("metadata") or {}),
                                  "herald_tier": tier.slug, "herald_interval": interval}
            params["proration_behavior"] = "create_prorations"
        if cancel_at_period_end is not None:
            params["cancel_at_period_end"] = cancel_at_period_end
        return self._call(lambda api: api.subscriptions.update(subscription_id, params)).to_dict()

    def cancel_subscription(self, subscription_id: str) -> dict:
        return self._call(lambda api: api.subscriptions.cancel(subscription_id)).to_dict()
