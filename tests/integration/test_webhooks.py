"""The Stripe webhook endpoint: signatures, replay, reordering, unknown events,
failures kept and retried. Payloads are signed with a test secret using Stripe's
documented scheme."""

import json
import time

import pytest
from django.core.management import call_command
from django.utils import timezone

from herald.memberships.models import Member, PaymentEvent, Subscriber, Tier
from herald.memberships.status import membership_for
from herald.memberships.testing import (  # noqa: F401
    post_webhook,
    revenue_settings,
    stripe_event,
    stripe_signature,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("revenue_settings")]
T0 = 1_790_000_000


@pytest.fixture
def reader(django_user_model):
    user = django_user_model.objects.create_user("reader-ann", "ann@example.org")
    Subscriber.objects.create(email=user.email, user=user, consent_text="x",
                              consented_at=timezone.now(), confirmed_at=timezone.now())
    return user


@pytest.fixture
def tiers():
    return {slug: Tier.objects.create(name=slug.title(), slug=slug, monthly_price=price,
                                      yearly_price=price * 10, benefits="x")
            for slug, price in (("reader", 4), ("patron", 25))}


def subscription(reader, *, status="active", tier="reader", cancel=False, period_end=T0 + 30 * 86400):
    return {"id": "sub_1", "object": "subscription", "customer": "cus_1", "status": status,
            "cancel_at_period_end": cancel, "start_date": T0, "canceled_at": None,
            "items": {"data": [{"id": "si_1", "current_period_end": period_end,
                                "price": {"id": "price_x", "recurring": {"interval": "month"}}}]},
            "metadata": {"herald_kind": "membership", "herald_user": str(reader.pk),
                         "herald_tier": tier, "herald_interval": "month"}}


def checkout(reader, tier="reader"):
    return {"id": "cs_1", "object": "checkout.session", "mode": "subscription", "customer": "cus_1",
            "subscription": "sub_1", "payment_status": "paid",
            "metadata": {"herald_kind": "membership", "herald_user": str(reader.pk),
                         "herald_tier": tier, "herald_interval": "month"}}


def member_state(user):
    m = Member.objects.get(user=user)
    return (m.status, m.tier.slug if m.tier else None, m.cancel_at_period_end, m.subscription_id)


def test_signed_event_is_stored_and_processed(client, reader, tiers):
    payload = stripe_event("checkout.session.completed", checkout(reader), event_id="evt_1", created=T0)
    response = post_webhook(client, payload)
    assert response.status_code == 200
    assert response.json() == {"received": "evt_1", "duplicate": False}
    event = PaymentEvent.objects.get()
    assert (event.event_id, event.status, event.attempts) == ("evt_1", "processed", 1)
    assert event.payload == payload
    assert member_state(reader) == ("active", "reader", False, "sub_1")
    assert membership_for(reader).is_member is True


@pytest.mark.parametrize("signature, message", [
    (None, "The Stripe-Signature header does not match this payload."),
    ("t=1,v1=deadbeef", "The Stripe-Signature header does not match this payload."),
    ("garbage", "The Stripe-Signature header does not match this payload."),
])
def test_missing_or_bad_signature_is_refused_and_nothing_stored(client, reader, signature, message):
    payload = stripe_event("checkout.session.completed", checkout(reader), event_id="evt_1", created=T0)
    response = post_webhook(client, payload, signature)
    assert response.status_code == 400
    assert response.json() == {"error": {"code": "invalid_signature", "message": message}}
    assert not PaymentEvent.objects.exists()
    assert not Member.objects.exists()


def test_signature_with_another_secret_or_altered_body_is_refused(client, reader):
    payload = stripe_event("checkout.session.completed", checkout(reader), event_id="evt_1", created=T0)
    assert post_webhook(client, payload, stripe_signature(payload, "whsec_other")).status_code == 400
    assert post_webhook(client, payload.replace("cus_1", "cus_2"),
                        stripe_signature(payload)).status_code == 400
    old = stripe_signature(payload, timestamp=int(time.time()) - 3600)
    assert post_webhook(client, payload, old).status_code == 400
    assert not PaymentEvent.objects.exists()


def test_webhook_without_configured_secret_answers_503(client, settings):
    settings.STRIPE_WEBHOOK_SECRET = ""
    response = post_webhook(client, "{}", "t=1,v1=x")
    assert response.status_code == 503
    assert response.json()["error"]["code"] == "not_configured"


def test_replayed_event_changes_nothing_the_second_time(client, reader, tiers):
    first = stripe_event("customer.subscription.updated", subscription(reader), event_id="evt_1",
                         created=T0 + 10)
    assert post_webhook(client, first).json()["duplicate"] is False
    # Meanwhile a newer event cancels at period end.
    newer = stripe_event("customer.subscription.updated", subscription(reader, cancel=True),
                         event_id="evt_2", created=T0 + 20)
    post_webhook(client, newer)
    assert member_state(reader) == ("active", "reader", True, "sub_1")
    replay = post_webhook(client, first)
    assert replay.status_code == 200
    assert replay.json() == {"received": "evt_1", "duplicate": True}
    assert member_state(reader) == ("active", "reader", True, "sub_1")
    assert PaymentEvent.objects.get(event_id="evt_1").attempts == 1
    assert PaymentEvent.objects.count() == 2


def test_subscription_update_before_checkout_completed(client, reader, tiers):
    updated = stripe_event("customer.subscription.updated", subscription(reader, tier="patron"),
                           event_id="evt_2", created=T0 + 5)
    completed = stripe_event("checkout.session.completed", checkout(reader, tier="reader"),
                             event_id="evt_1", created=T0)
    post_webhook(client, updated)
    assert member_state(reader) == ("active", "patron", False, "sub_1")
    post_webhook(client, completed)
    member = Member.objects.get(user=reader)
    assert member_state(reader) == ("active", "patron", False, "sub_1")
    assert member.customer_id == "cus_1"
    assert member.current_period_end.timestamp() == T0 + 30 * 86400


def test_older_subscription_event_does_not_undo_a_newer_one(client, reader, tiers):
    deleted = stripe_event("customer.subscription.deleted", subscription(reader, status="canceled"),
                           event_id="evt_3", created=T0 + 100)
    created = stripe_event("customer.subscription.created", subscription(reader),
                           event_id="evt_1", created=T0)
    post_webhook(client, deleted)
    post_webhook(client, created)
    assert member_state(reader)[0] == "canceled"
    assert membership_for(reader).is_member is False


def test_unknown_event_type_is_acknowledged_and_recorded_as_ignored(client):
    payload = stripe_event("radar.early_fraud_warning.created", {"id": "issfr_1"}, event_id="evt_9",
                           created=T0)
    response = post_webhook(client, payload)
    assert response.status_code == 200
    event = PaymentEvent.objects.get()
    assert (event.type, event.status) == ("radar.early_fraud_warning.created", "ignored")


def test_failed_event_is_kept_and_retried_by_the_reconcile_command(client, reader, tiers, capsys):
    bad = subscription(reader)
    bad["items"]["data"][0]["current_period_end"] = "not a time"
    payload = stripe_event("customer.subscription.updated", bad, event_id="evt_1", created=T0)
    assert post_webhook(client, payload).status_code == 200  # stored, failure is ours to handle
    event = PaymentEvent.objects.get()
    assert event.status == "failed"
    assert "ValueError" in event.last_error
    assert not Member.objects.filter(status="active").exists()

    # The bug is fixed (here: the data), then the retry applies the stored event.
    event.payload = stripe_event("customer.subscription.updated", subscription(reader),
                                 event_id="evt_1", created=T0)
    event.save()
    call_command("reconcile_memberships", "--events-only")
    assert capsys.readouterr().out == "Reconciled memberships (events processed: 1).\n"
    event.refresh_from_db()
    assert (event.status, event.attempts, event.last_error) == ("processed", 2, "")
    assert member_state(reader) == ("active", "reader", False, "sub_1")


def test_recurring_donation_renewal_adds_a_donation(client, reader):
    from herald.memberships.models import Donation

    first = Donation.objects.create(user=reader, email=reader.email, amount=500, currency="EUR",
                                    kind="recurring", status="paid", provider="stripe",
                                    subscription_id="sub_d")
    invoice = {"id": "in_2", "object": "invoice", "billing_reason": "subscription_cycle",
               "subscription": "sub_d", "amount_paid": 500, "currency": "eur"}
    payload = stripe_event("invoice.paid", invoice, event_id="evt_5", created=T0)
    post_webhook(client, payload)
    post_webhook(client, payload)
    renewals = Donation.objects.exclude(pk=first.pk)
    assert [(d.amount, d.kind, d.status, d.invoice_id) for d in renewals] == [
        (500, "recurring", "paid", "in_2")]


def test_event_body_is_stored_verbatim(client, reader):
    payload = json.dumps({"id": "evt_7", "type": "customer.created", "created": T0,
                          "data": {"object": {"id": "cus_9"}}}, indent=1)
    post_webhook(client, payload)
    assert PaymentEvent.objects.get().payload == payload
