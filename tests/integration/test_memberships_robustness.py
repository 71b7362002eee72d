"""Reader revenue when things go wrong: Stripe unreachable while a reader
donates or joins, and reconciliation past a subscription Stripe does not know.

Herald's Stripe provider talks through the official SDK to the local Stripe fake
(``tests/stripe_fake``); "unreachable" points the SDK at a fake that was started
and stopped, so nothing answers at that address."""

import json
import re

import pytest
import stripe
from django.core.management import CommandError, call_command
from django.test import Client

from herald.memberships.models import DevelopmentPaymentObject, Donation, Member, Tier

from reader_revenue import post_webhook, sign_in, stripe_event
from stripe_fake import stripe_unreachable

pytest_plugins = ["stripe_fake.fixtures"]  # fake_stripe, stripe_settings, tiers, stripe_down
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("stripe_settings")]

PROVIDER_DOWN = "The payment provider did not answer as expected. Please try again in a minute."
RADIO = re.compile(r'<input type="radio" id="([\w-]+)" name="interval" value="\w+"( checked)?>')




def checkout_id(response) -> str:
    assert response.status_code == 302, response.content.decode()
    assert response["Location"].startswith("https://checkout.stripe.com/c/pay/cs_test_")
    return response["Location"].rsplit("/", 1)[1]


def join(client, fake, tier="reader", interval="month") -> None:
    """Join through Checkout; the fake pays and Herald receives the signed events."""
    session = checkout_id(client.post("/membership/join/", {"tier": tier, "interval": interval}))
    for event in fake.complete_checkout(session):
        assert post_webhook(Client(), json.dumps(event)).status_code == 200


# Donating while Stripe is unreachable -----------------------------------------

def test_a_donation_stripe_could_not_open_is_not_listed_as_pending(client, fake_stripe, newsroom):
    giver = Client()
    with stripe_unreachable(fake_stripe):
        response = giver.post("/support/donate/", {"amount": "other", "other_amount": "12",
                                                   "email": "giver@example.org"})
    assert response.status_code == 502
    html = response.content.decode()
    assert f'<p class="form-error" role="alert">{PROVIDER_DOWN}</p>' in html
    assert 'value="12"' in html and 'value="giver@example.org"' in html
    assert not Donation.objects.exists()
    client.force_login(newsroom.people["publisher"])
    assert "giver@example.org" not in client.get("/admin/donation/").content.decode()

    # Stripe answers again: the reader's retry is the one pending donation, with its checkout.
    session = checkout_id(giver.post("/support/donate/", {"amount": "other", "other_amount": "12",
                                                          "email": "giver@example.org"}))
    donation = Donation.objects.get()
    assert (donation.status, donation.amount, donation.email, donation.checkout_id) == (
        "pending", 1200, "giver@example.org", session)
    admin = client.get("/admin/donation/").content.decode()
    assert admin.count("giver@example.org") == 1 and "€12.00" in admin


# The tiers page after a payment error -----------------------------------------

def radios(html: str) -> dict[str, bool]:
    return {radio: bool(checked) for radio, checked in RADIO.findall(html)}


def chosen_tiers(html: str) -> list[str]:
    return re.findall(r'<section class="tier tier--chosen" aria-labelledby="tier-([\w-]+)">', html)


def test_after_a_payment_error_the_tiers_page_keeps_the_tier_and_billing_chosen(
        client, fake_stripe, tiers):
    sign_in(client, "ann@example.org")
    first = client.get("/membership/").content.decode()
    assert radios(first) == {"reader-month": True, "reader-year": False,
                             "patron-month": True, "patron-year": False}
    assert chosen_tiers(first) == []

    with stripe_unreachable(fake_stripe):
        response = client.post("/membership/join/", {"tier": "patron", "interval": "year"})
    assert response.status_code == 502
    html = response.content.decode()
    assert f'<p class="form-error" role="alert">{PROVIDER_DOWN}</p>' in html
    assert radios(html) == {"reader-month": False, "reader-year": True,
                            "patron-month": False, "patron-year": True}
    assert chosen_tiers(html) == ["patron"]
    assert '<p class="tier__chosen"><strong>Your choice</strong></p>' in html

    # Pressing "Join as Patron" again, as shown, opens a yearly Patron checkout.
    session = stripe.checkout.Session.retrieve(
        checkout_id(client.post("/membership/join/", {"tier": "patron", "interval": "year"})),
        api_key=fake_stripe.secret_key, expand=["line_items"])
    assert session.line_items.data[0].price.id == Tier.objects.get(slug="patron").stripe_yearly_price_id


def test_an_invalid_join_keeps_the_billing_chosen(client, fake_stripe, tiers):
    sign_in(client, "ann@example.org")
    response = client.post("/membership/join/", {"tier": "gone", "interval": "year"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Choose one of the memberships offered." in html
    assert radios(html) == {"reader-month": False, "reader-year": True,
                            "patron-month": False, "patron-year": True}
    assert chosen_tiers(html) == []


# Reconciliation past per-member failures --------------------------------------

def test_reconcile_goes_on_past_a_subscription_stripe_does_not_know(
        client, fake_stripe, tiers, django_user_model, capsys):
    gone_user = django_user_model.objects.create_user("reader-bob", "bob@example.org")
    gone = Member.objects.create(user=gone_user, provider="stripe", tier=tiers["reader"],
                                 status="active", customer_id="cus_gone",
                                 subscription_id="sub_gone")  # checked first: the lower id
    sign_in(client, "ann@example.org")
    join(client, fake_stripe)
    member = Member.objects.get(user__email="ann@example.org")
    # A cancellation made at Stripe whose webhook never reached us.
    stripe.Subscription.modify(member.subscription_id, cancel_at_period_end=True,
                               api_key=fake_stripe.secret_key)
    gone_before = Member.objects.values().get(pk=gone.pk)

    with pytest.raises(CommandError) as failed:
        call_command("reconcile_memberships")  # what `herald reconcile-memberships` runs
    assert failed.value.returncode == 1  # the command's exit status
    assert str(failed.value) == "Checked 2 members: 1 updated, 0 unchanged, 1 failed (listed above)."
    out, err = capsys.readouterr()
    assert out == "Reconciled memberships (members changed: 1, members failed: 1).\n"
    assert err == f"member {gone.pk}, subscription sub_gone: error: InvalidRequestError: Not Found\n"
    member.refresh_from_db()
    assert (member.status, member.cancel_at_period_end) == ("active", True)
    assert Member.objects.values().get(pk=gone.pk) == gone_before
    assert "Your membership ends on" in client.get("/account/").content.decode()


def test_reconcile_shows_progress_on_long_runs(django_user_model, tiers, capsys):
    users = django_user_model.objects.bulk_create(
        django_user_model(username=f"reader-{n}", email=f"r{n}@example.org") for n in range(120))
    members = Member.objects.bulk_create(
        Member(user=user, provider="development", tier=tiers["reader"], status="active",
               subscription_id=f"sub_dev_{n}") for n, user in enumerate(users))
    DevelopmentPaymentObject.objects.bulk_create(
        DevelopmentPaymentObject(object_id=f"sub_dev_{n}", kind="subscription", data={
            "id": f"sub_dev_{n}", "object": "subscription", "customer": f"cus_dev_{n}",
            "status": "canceled" if n % 2 else "active", "cancel_at_period_end": False,
            "current_period_end": 1_790_000_000, "canceled_at": None, "items": {"data": []},
            "metadata": {"herald_kind": "membership", "herald_tier": "reader"}})
        for n in range(120) if n != 7)  # the provider has no record of member 7's

    with pytest.raises(CommandError) as failed:
        call_command("reconcile_memberships", "--provider", "development")
    assert str(failed.value) == (
        "Checked 120 members: 119 updated, 0 unchanged, 1 failed (listed above).")
    out, err = capsys.readouterr()
    assert out == "Reconciled memberships (members changed: 119, members failed: 1).\n"
    lines = err.splitlines()
    assert lines[0] == (f"member {members[7].pk}, subscription sub_dev_7: error: "
                        "No development subscription 'sub_dev_7'.")
    assert "Checked 100 of 120 members…" in lines[1:]
    assert all(re.fullmatch(r"Checked \d+ of 120 members…", line) for line in lines[1:])
    assert Member.objects.filter(status="canceled").count() == 59  # odd numbers but 7


def test_reconcile_stops_at_once_when_stripe_does_not_answer(client, fake_stripe, tiers, capsys):
    sign_in(client, "ann@example.org")
    join(client, fake_stripe)
    other = Client()
    sign_in(other, "bob@example.org")
    join(other, fake_stripe, tier="patron")
    before = list(Member.objects.order_by("pk").values())
    with stripe_unreachable(fake_stripe), pytest.raises(CommandError) as failed:
        call_command("reconcile_memberships")
    # One line, not one per member: every other request would wait and fail the same.
    assert str(failed.value) == PROVIDER_DOWN
    assert capsys.readouterr() == ("", "")
    assert list(Member.objects.order_by("pk").values()) == before


# Deleting an account while a bank payment is on its way -----------------------

def test_deleting_an_account_cancels_a_membership_whose_payment_is_processing(
        client, fake_stripe, tiers, django_user_model):
    key = fake_stripe.secret_key
    sign_in(client, "ann@example.org")
    reader = django_user_model.objects.get(email="ann@example.org")
    card = stripe.PaymentMethod.create(api_key=key, type="card", card={
        "number": "4242424242424242", "exp_month": 12, "exp_year": 2030, "cvc": "123"})
    customer = stripe.Customer.create(api_key=key, email=reader.email, payment_method=card["id"],
                                      invoice_settings={"default_payment_method": card["id"]})
    plan = stripe.Plan.create(api_key=key, amount=400, currency="eur", interval="month",
                              product={"name": "Reader"})
    metadata = {"herald_kind": "membership", "herald_user": str(reader.pk),
                "herald_tier": "reader", "herald_interval": "month"}
    subscription = stripe.Subscription.create(api_key=key, customer=customer["id"],
                                              items=[{"plan": plan["id"]}], metadata=metadata)
    session = {"id": "cs_bank", "object": "checkout.session", "mode": "subscription",
               "status": "complete", "payment_status": "unpaid", "customer": customer["id"],
               "subscription": subscription["id"], "metadata": metadata}
    post_webhook(Client(), stripe_event("checkout.session.completed", session,
                                        event_id="evt_bank", created=1_790_000_000))
    assert Member.objects.get().status == "incomplete"

    assert client.post("/account/delete/", {"confirm": "delete"}).status_code == 200
    assert stripe.Subscription.retrieve(subscription["id"], api_key=key).status == "canceled"
    assert not Member.objects.exists()
