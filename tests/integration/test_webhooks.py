"""The Stripe webhook endpoint: signatures, replay, reordering, unknown events,
failures kept and retried. Payloads are signed with a test secret using Stripe's
documented scheme."""

import itertools
import json
import time

import pytest
from django.core.management import call_command
from django.utils import timezone

from herald.memberships.models import Member, PaymentEvent, Subscriber, Tier
from herald.memberships.status import forget, membership_for

from reader_revenue import post_webhook, stripe_event, stripe_signature

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


# Delayed payment methods: bank debits and transfers complete Checkout "unpaid",
# then settle days later with checkout.session.async_payment_succeeded or _failed.

SETTLED = T0 + 4 * 86400  # the bank debit clears (or bounces) four days later
PROCESSING_NOTE = ("Your payment for the Reader membership is still being processed. Bank payments "
                   "can take a few working days; your membership starts as soon as it clears.")
FAILED_NOTE = ("Your payment for the Reader membership did not go through, so your membership "
               "has not started.")


def bank_session(metadata, payment_status, *, mode="subscription", subscription="sub_1"):
    return {"id": "cs_1", "object": "checkout.session", "mode": mode, "status": "complete",
            "customer": "cus_1", "subscription": subscription if mode == "subscription" else None,
            "payment_status": payment_status, "metadata": metadata}


def membership_metadata(reader):
    return {"herald_kind": "membership", "herald_user": str(reader.pk), "herald_tier": "reader",
            "herald_interval": "month"}


def membership_events(reader, outcome):
    """What Stripe sends for a membership paid by bank debit, in the order it sends them."""
    meta = membership_metadata(reader)
    events = [
        stripe_event("checkout.session.completed", bank_session(meta, "unpaid"),
                     event_id="evt_completed", created=T0),
        stripe_event("customer.subscription.created", subscription(reader, status="incomplete"),
                     event_id="evt_sub_created", created=T0),
    ]
    if outcome == "succeeded":
        events += [
            stripe_event("checkout.session.async_payment_succeeded", bank_session(meta, "paid"),
                         event_id="evt_async", created=SETTLED),
            stripe_event("customer.subscription.updated",
                         subscription(reader, period_end=SETTLED + 30 * 86400),
                         event_id="evt_sub_active", created=SETTLED),
        ]
    else:
        events.append(stripe_event("checkout.session.async_payment_failed",
                                   bank_session(meta, "unpaid"), event_id="evt_async",
                                   created=SETTLED))
    return events


def post_all(client, payloads):
    answers = [post_webhook(client, payload) for payload in payloads]
    assert [a.status_code for a in answers] == [200] * len(payloads)
    return [a.json()["duplicate"] for a in answers]


def test_bank_debit_membership_starts_only_when_the_payment_clears(client, home, reader, tiers):
    completed, created, succeeded, activated = membership_events(reader, "succeeded")
    client.force_login(reader)
    post_all(client, [completed, created])
    assert member_state(reader) == ("incomplete", "reader", False, "sub_1")
    assert membership_for(reader).is_member is False
    assert PROCESSING_NOTE in client.get("/account/").content.decode()
    welcome = client.get("/membership/welcome/").content.decode()
    assert "Your payment is being processed. Bank payments can take a few working days" in welcome
    # Joining again now would open a second subscription and charge the reader twice.
    tiers_page = client.get("/membership/").content.decode()
    assert "Your payment for a membership is still being processed." in tiers_page
    assert "Join as " not in tiers_page
    again = client.post("/membership/join/", {"tier": "patron", "interval": "month"})
    assert again.status_code == 409
    assert ("Your payment for a membership is still being processed. Bank payments can take a "
            "few working days; your membership starts as soon as it clears.") in again.content.decode()

    post_all(client, [succeeded, activated])
    assert member_state(reader) == ("active", "reader", False, "sub_1")
    forget(reader)  # membership_for caches its answer on the user object
    assert membership_for(reader).is_member is True
    assert "You are a <strong>Reader</strong> member" in client.get("/account/").content.decode()


@pytest.mark.parametrize("order", list(itertools.permutations(range(4))), ids=str)
def test_bank_debit_membership_ends_active_in_any_order_and_on_replay(client, reader, tiers, order):
    events = membership_events(reader, "succeeded")
    assert post_all(client, [events[i] for i in order]) == [False] * 4
    assert member_state(reader) == ("active", "reader", False, "sub_1")
    member = Member.objects.get(user=reader)
    assert member.current_period_end.timestamp() == SETTLED + 30 * 86400
    assert post_all(client, events) == [True] * 4  # replayed: stored once, applied once
    assert member_state(reader) == ("active", "reader", False, "sub_1")
    assert set(PaymentEvent.objects.values_list("status", flat=True)) == {"processed"}


@pytest.mark.parametrize("order", list(itertools.permutations(range(3))), ids=str)
def test_failed_bank_debit_grants_nothing_in_any_order_and_on_replay(client, home, reader, tiers,
                                                                     order):
    events = membership_events(reader, "failed")
    post_all(client, [events[i] for i in order])
    assert member_state(reader) == ("incomplete_expired", "reader", False, "sub_1")
    assert membership_for(reader).is_member is False
    assert post_all(client, events) == [True] * 3
    assert member_state(reader)[0] == "incomplete_expired"
    client.force_login(reader)
    account = client.get("/account/").content.decode()
    assert FAILED_NOTE in account
    assert '<a class="button" href="/membership/">Try again</a>' in account
    assert "Join as Reader" in client.get("/membership/").content.decode()


@pytest.mark.parametrize("first", ["subscription", "checkout"])
def test_the_subscriptions_own_status_wins_over_checkout_news_of_the_same_second(
        client, reader, tiers, first):
    """If Stripe reports the subscription active in the second the checkout
    completed unpaid, the subscription's status is the one kept, in either order."""
    active = stripe_event("customer.subscription.created", subscription(reader), event_id="evt_s",
                          created=T0)
    unpaid = stripe_event("checkout.session.completed",
                          bank_session(membership_metadata(reader), "unpaid"), event_id="evt_c",
                          created=T0)
    post_all(client, [active, unpaid] if first == "subscription" else [unpaid, active])
    assert member_state(reader) == ("active", "reader", False, "sub_1")


@pytest.mark.parametrize("first", ["cancellation", "payment"])
def test_a_late_payment_success_does_not_revive_a_cancelled_subscription(client, reader, tiers,
                                                                          first):
    meta = membership_metadata(reader)
    paid = stripe_event("checkout.session.async_payment_succeeded", bank_session(meta, "paid"),
                        event_id="evt_a", created=SETTLED)
    ended = stripe_event("customer.subscription.deleted", subscription(reader, status="canceled"),
                         event_id="evt_d", created=SETTLED + 60)
    post_all(client, [ended, paid] if first == "cancellation" else [paid, ended])
    assert member_state(reader) == ("canceled", "reader", False, "sub_1")
    assert membership_for(reader).is_member is False


def test_a_failed_bank_debit_for_an_old_checkout_leaves_the_current_membership(client, reader,
                                                                              tiers):
    post_all(client, [stripe_event("customer.subscription.created", subscription(reader),
                                   event_id="evt_s", created=T0)])
    old = bank_session(membership_metadata(reader), "unpaid", subscription="sub_0")
    post_all(client, [stripe_event("checkout.session.async_payment_failed", old,
                                   event_id="evt_f", created=SETTLED)])
    assert member_state(reader) == ("active", "reader", False, "sub_1")


def bank_donation(reader, mode):
    from herald.memberships.models import Donation

    donation = Donation.objects.create(
        user=reader, email=reader.email, amount=2500, currency="EUR", provider="stripe",
        kind="one_off" if mode == "payment" else "recurring", checkout_id="cs_1")
    meta = {"herald_kind": "donation", "herald_donation": str(donation.pk),
            "herald_user": str(reader.pk)}
    return donation, meta


def donation_state(donation):
    donation.refresh_from_db()
    return donation.status, donation.paid_at and int(donation.paid_at.timestamp())


@pytest.mark.parametrize("mode", ["payment", "subscription"])
@pytest.mark.parametrize("outcome", ["succeeded", "failed"])
@pytest.mark.parametrize("completed_first", [True, False], ids=["in-order", "reordered"])
def test_bank_payment_donation_is_paid_only_when_the_payment_clears(
        client, home, reader, mode, outcome, completed_first):
    donation, meta = bank_donation(reader, mode)
    completed = stripe_event("checkout.session.completed", bank_session(meta, "unpaid", mode=mode),
                             event_id="evt_c", created=T0)
    settled = stripe_event(f"checkout.session.async_payment_{outcome}",
                           bank_session(meta, "paid" if outcome == "succeeded" else "unpaid",
                                        mode=mode),
                           event_id="evt_a", created=SETTLED)
    client.force_login(reader)
    if completed_first:
        post_all(client, [completed])
        assert donation_state(donation) == ("processing", None)
        assert ("€25.00, " + ("one-off" if mode == "payment" else "monthly")) in (
            client.get("/account/").content.decode())
        assert ": your payment is still being processed (bank payments can take a few working days)"\
            in client.get("/account/").content.decode()
    post_all(client, [settled, completed] if not completed_first else [settled])
    expected = ("paid", SETTLED) if outcome == "succeeded" else ("failed", None)
    assert donation_state(donation) == expected
    assert post_all(client, [completed, settled]) == [True, True]
    # The same news under a new event id (a retried handler) changes nothing either.
    post_all(client, [settled.replace('"evt_a"', '"evt_a2"')])
    assert donation_state(donation) == expected
    assert donation.subscription_id == ("sub_1" if mode == "subscription" else "")
    account = client.get("/account/").content.decode()
    assert (": your payment did not go through" in account) is (outcome == "failed")
    assert not Member.objects.exists()


def test_failed_donation_is_marked_in_the_admin_list(client, reader, newsroom):
    donation, meta = bank_donation(reader, "payment")
    post_all(client, [stripe_event("checkout.session.async_payment_failed",
                                   bank_session(meta, "unpaid", mode="payment"),
                                   event_id="evt_f", created=SETTLED)])
    client.force_login(newsroom.people["publisher"])
    html = client.get("/admin/donation/?status=failed").content.decode()
    assert "Payment failed" in html and reader.email in html
    assert reader.email not in client.get("/admin/donation/?status=paid").content.decode()


# Donation receipts ----------------------------------------------------------

def test_donation_receipt_is_mailed_once_even_when_the_confirmation_is_replayed(
        client, home, reader, mailoutbox, django_capture_on_commit_callbacks):
    from herald.newsroom.models import PublicationSettings

    PublicationSettings.objects.update_or_create(site=home.get_site(),
                                                 defaults={"name": "The Valley Courier"})
    donation, meta = bank_donation(reader, "payment")
    paid = stripe_event("checkout.session.completed", bank_session(meta, "paid", mode="payment"),
                        event_id="evt_p", created=T0)
    with django_capture_on_commit_callbacks(execute=True):
        post_all(client, [paid])
    assert donation_state(donation) == ("paid", T0)
    [receipt] = mailoutbox
    assert receipt.to == [reader.email]
    assert receipt.subject == "Your receipt: €25.00 for The Valley Courier"
    for line in ("Amount: €25.00", "Date: 21 September 2026", "For: a one-off donation",
                 "The Valley Courier", "http://127.0.0.1:8000"):
        assert line in receipt.body
    html, mimetype = receipt.alternatives[0]
    assert mimetype == "text/html" and "<td>€25.00</td>" in html and "21 September 2026" in html
    # The same event again, the same news under a new id, and the late async success: no new mail.
    succeeded = stripe_event("checkout.session.async_payment_succeeded",
                             bank_session(meta, "paid", mode="payment"), event_id="evt_s", created=T0 + 60)
    with django_capture_on_commit_callbacks(execute=True):
        assert post_all(client, [paid, paid.replace('"evt_p"', '"evt_p2"'), succeeded]) == [
            True, False, False]
    assert len(mailoutbox) == 1


def test_recurring_donation_renewal_mails_one_receipt(
        client, home, reader, mailoutbox, django_capture_on_commit_callbacks):
    from herald.memberships.models import Donation

    Donation.objects.create(user=reader, email=reader.email, amount=700, currency="EUR",
                            kind="recurring", status="paid", provider="stripe", subscription_id="sub_d")
    invoice = {"id": "in_3", "object": "invoice", "billing_reason": "subscription_cycle",
               "subscription": "sub_d", "amount_paid": 700, "currency": "eur"}
    payload = stripe_event("invoice.paid", invoice, event_id="evt_r", created=T0)
    with django_capture_on_commit_callbacks(execute=True):
        post_all(client, [payload, payload.replace('"evt_r"', '"evt_r2"')])
    [receipt] = mailoutbox
    assert "Amount: €7.00" in receipt.body and "For: a monthly donation (recurring)" in receipt.body
