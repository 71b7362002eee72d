"""A development payment provider: the same flows as Stripe, completed on
local pages clearly labelled as such, with no network and no money.

Its "servers" are rows of ``DevelopmentPaymentObject``. When a checkout is
completed it signs Stripe-shaped events with its own secret and hands them to
the same code path as a real webhook, so the demo and the browser tests
exercise exactly what production runs.
"""

from __future__ import annotations

import json
import secrets
import time

from django.urls import reverse
from django.utils.crypto import salted_hmac

from herald.memberships.models import DevelopmentPaymentObject
from herald.memberships.payments.backends.base import (
    Checkout,
    CheckoutRequest,
    Event,
    InvalidSignature,
    PaymentProvider,
    PaymentProviderError,
)

PERIOD_SECONDS = {"month": 30 * 86400, "year": 365 * 86400}


def _new_id(prefix: str) -> str:
    return f"{prefix}_dev_{secrets.token_urlsafe(12).replace('-', 'x').replace('_', 'y')}"


class DevelopmentProvider(PaymentProvider):
    name = "development"
    label = "Development payments (no real money)"

    # Signing ------------------------------------------------------------
    @staticmethod
    def webhook_secret() -> str:
        return "whsec_dev_" + salted_hmac("herald.memberships.dev-webhook", "events").hexdigest()

    def parse_webhook(self, payload: bytes | str, signature_header: str | None) -> Event:
        import stripe  # imported on use: it weighs ~25 MB per worker

        try:
            stripe.WebhookSignature.verify_header(payload, signature_header, self.webhook_secret(),
                                                  tolerance=300)
        except stripe.SignatureVerificationError as exc:
            raise InvalidSignature("The development event signature does not match.") from exc
        return self.event_from_payload(payload)

    def _emit(self, type_: str, obj: dict) -> None:
        import stripe

        from herald.memberships.payments import processing

        body = {"id": _new_id("evt"), "object": "event", "type": type_,
                "created": int(time.time()), "data": {"object": obj}}
        payload = json.dumps(body)
        timestamp = int(time.time())
        signature = stripe.WebhookSignature._compute_signature(f"{timestamp}.{payload}",
                                                              self.webhook_secret())
        record, _ = processing.receive(self, payload, f"t={timestamp},v1={signature}")
        # No worker may run in the demo; processing twice is a no-op, so apply now.
        processing.process(record.pk)

    # Storage ------------------------------------------------------------
    @staticmethod
    def _save(kind: str, data: dict) -> dict:
        DevelopmentPaymentObject.objects.update_or_create(
            object_id=data["id"], defaults={"kind": kind, "data": data})
        return data

    @staticmethod
    def get_object(object_id: str, kind: str) -> dict:
        row = DevelopmentPaymentObject.objects.filter(object_id=object_id, kind=kind).first()
        if row is None:
            raise PaymentProviderError(f"No development {kind} {object_id!r}.", status=404)
        return row.data

    # Checkout -----------------------------------------------------------
    def create_checkout(self, request: CheckoutRequest) -> Checkout:
        session = {
            "id": _new_id("cs"), "object": "checkout.session", "status": "open",
            "mode": "subscription" if request.recurring_interval else "payment",
            "amount_total": request.amount, "currency": request.currency.lower(),
            "interval": request.recurring_interval, "product_name": request.product_name,
            "customer": request.customer_id or None, "customer_email": request.email,
            "metadata": request.metadata, "success_url": request.success_url,
            "cancel_url": request.cancel_url, "payment_status": "unpaid",
            "tier": getattr(request.tier, "slug", None),
        }
        self._save("checkout", session)
        url = reverse("memberships:dev-checkout", args=[session["id"]])
        return Checkout(id=session["id"], url=url)

    def complete_checkout(self, checkout_id: str) -> dict:
        """The reader pressed "Pay": record the payment and send the events Stripe would."""
        session = self.get_object(checkout_id, "checkout")
        if session["status"] != "open":
            return session
        now = int(time.time())
        session["customer"] = session["customer"] or self._customer_for(session["customer_email"])
        session.update(status="complete", payment_status="paid")
        subscription = None
        if session["mode"] == "subscription":
            subscription = self._new_subscription(session, now)
            session["subscription"] = subscription["id"]
        else:
            session["payment_intent"] = _new_id("pi")
        self._save("checkout", session)
        public = {k: v for k, v in session.items() if k not in ("interval", "product_name", "tier")}
        self._emit("checkout.session.completed", public)
        if subscription:
            self._emit("customer.subscription.created", subscription)
        return session

    def _customer_for(self, email: str) -> str:
        row = DevelopmentPaymentObject.objects.filter(kind="customer", data__email=email).first()
        if row:
            return row.object_id
        return self._save("customer", {"id": _new_id("cus"), "object": "customer", "email": email})["id"]

    def _new_subscription(self, session: dict, now: int) -> dict:
        interval = session["interval"]
        period_end = now + PERIOD_SECONDS[interval]
        price = {"id": f"price_dev_{session['tier'] or 'donation'}_{interval}",
                 "unit_amount": session["amount_total"], "currency": session["currency"],
                 "recurring": {"interval": interval}}
        return self._save("subscription", {
            "id": _new_id("sub"), "object": "subscription", "customer": session["customer"],
            "status": "active", "cancel_at_period_end": False, "created": now, "start_date": now,
            "current_period_start": now, "current_period_end": period_end, "canceled_at": None,
            "items": {"data": [{"id": _new_id("si"), "price": price, "current_period_end": period_end}]},
            "metadata": session["metadata"],
        })

    # Subscriptions ------------------------------------------------------
    def fetch_subscription(self, subscription_id: str) -> dict:
        subscription = self.get_object(subscription_id, "subscription")
        if (subscription["cancel_at_period_end"] and subscription["status"] != "canceled"
                and subscription["current_period_end"] <= time.time()):
            # Providers end a cancelled subscription when its period runs out.
            subscription.update(status="canceled", ended_at=subscription["current_period_end"])
            self._save("subscription", subscription)
        return subscription

    def update_subscription(self, subscription_id: str, *, tier=None, interval=None,
                            cancel_at_period_end=None) -> dict:
        subscription = self.get_object(subscription_id, "subscription")
        if tier is not None:
            interval = interval or subscription["items"]["data"][0]["price"]["recurring"]["interval"]
            item = subscription["items"]["data"][0]
            item["price"] = {"id": f"price_dev_{tier.slug}_{interval}",
                             "unit_amount": tier.price_minor(interval),
                             "currency": tier.currency.lower(), "recurring": {"interval": interval}}
            subscription["metadata"] = {**subscription["metadata"], "herald_tier": tier.slug,
                                        "herald_interval": interval}
        if cancel_at_period_end is not None:
            subscription["cancel_at_period_end"] = cancel_at_period_end
            subscription["canceled_at"] = int(time.time()) if cancel_at_period_end else None
        self._save("subscription", subscription)
        self._emit("customer.subscription.updated", subscription)
        return subscription

    def cancel_subscription(self, subscription_id: str) -> dict:
        """End a subscription at once, as the provider does when the period runs out."""
        subscription = self.get_object(subscription_id, "subscription")
        subscription.update(status="canceled", ended_at=int(time.time()))
        self._save("subscription", subscription)
        self._emit("customer.subscription.deleted", subscription)
        return subscription

    def portal_url(self, *, customer_id: str, return_url: str) -> str:
        return reverse("memberships:dev-portal")
