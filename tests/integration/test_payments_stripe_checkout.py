"""Stripe Checkout, the billing portal and reconciliation over HTTP, with Herald's
Stripe provider talking through the official SDK to a local, stateful Stripe
fake (``tests/stripe_fake``: localstripe plus Checkout and the portal).

The fake plays the reader paying on Stripe's page; the test then signs the
events it answers with the webhook secret (Stripe's scheme) and posts them to
``/webhooks/stripe/``, as Stripe would."""

import json

import pytest
import stripe
from django.core.management import CommandError, call_command
from django.test import Client

from herald.memberships.models import Donation, Member, PaymentEvent, Tier

from reader_revenue import post_webhook, sign_in

pytest_plugins = ["stripe_fake.fixtures"]  # fake_stripe, stripe_settings, tiers, stripe_down
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("stripe_settings")]

BASE = "http://127.0.0.1:8000"
OPEN = "The opening paragraph is open to all."
GATED = "The second paragraph is for members only."
PROVIDER_DOWN = "The payment provider did not answer as expected. Please try again in a minute."



@pytest.fixture
def members_story(make_story):
    return make_story("Members story", access="members", paragraphs=[OPEN, "Still open.", GATED])


def session_for(response, key) -> stripe.checkout.Session:
    """The Checkout session a redirect leads to, as Stripe knows it."""
    assert response.status_code == 302, response.content.decode()
    url = response["Location"]
    assert url.startswith("https://checkout.stripe.com/c/pay/cs_test_")
    session = stripe.checkout.Session.retrieve(url.rsplit("/", 1)[1], api_key=key,
                                               expand=["line_items"])
    assert session.url == url
    return session


def deliver(events: list[dict]) -> list[str]:
    """Sign and post each event to Herald's webhook, from a client with no session."""
    stripe_side = Client()
    for event in events:
        response = post_webhook(stripe_side, json.dumps(event))
        assert response.status_code == 200, response.content.decode()
    return [event["type"] for event in events]


def pay(fake, session) -> None:
    deliver(fake.complete_checkout(session.id))


def join(client, fake, tier="reader", interval="month"):
    session = session_for(client.post("/membership/join/", {"tier": tier, "interval": interval}),
                          fake.secret_key)
    pay(fake, session)
    return session


def test_joining_a_tier_through_checkout_makes_the_reader_a_member(
        client, fake_stripe, tiers, members_story, django_user_model):
    key = fake_stripe.secret_key
    sign_in(client, "ann@example.org")
    assert GATED not in client.get(members_story.url).content.decode()

    session = session_for(client.post("/membership/join/", {"tier": "reader", "interval": "year"}),
                          key)
    tier = Tier.objects.get(slug="reader")
    reader = django_user_model.objects.get(email="ann@example.org")
    assert (session.mode, session.status, session.customer_email, session.customer) == (
        "subscription", "open", "ann@example.org", None)
    assert (session.success_url, session.cancel_url) == (f"{BASE}/membership/welcome/",
                                                         f"{BASE}/membership/")
    expected_metadata = {"herald_kind": "membership", "herald_user": str(reader.pk),
                         "herald_tier": "reader", "herald_interval": "year"}
    assert session.metadata.to_dict() == expected_metadata
    [line] = session.line_items.data
    assert (line.price.id, line.price.unit_amount, line.price.currency, line.quantity) == (
        tier.stripe_yearly_price_id, 4000, "eur", 1)
    assert line.price.recurring.interval == "year"
    assert not Member.objects.exists()  # nothing until Stripe says it is paid

    events = fake_stripe.complete_checkout(session.id)
    assert deliver(events) == [
        "customer.created", "invoice.created", "payment_intent.succeeded",
        "invoice.payment_succeeded", "customer.subscription.created", "checkout.session.completed"]
    assert dict(PaymentEvent.objects.values_list("type", "status")) == {
        "customer.created": "ignored", "invoice.created": "ignored",
        "payment_intent.succeeded": "ignored", "invoice.payment_succeeded": "ignored",
        "customer.subscription.created": "processed", "checkout.session.completed": "processed"}

    paid = stripe.checkout.Session.retrieve(session.id, api_key=key)
    subscription = stripe.Subscription.retrieve(paid.subscription, api_key=key)
    assert subscription.metadata.to_dict() == expected_metadata
    member = Member.objects.get()
    assert (member.user, member.status, member.tier, member.interval, member.provider) == (
        reader, "active", tier, "year", "stripe")
    assert (member.customer_id, member.subscription_id) == (paid.customer, paid.subscription)
    assert member.current_period_end.timestamp() == subscription["items"].data[0].current_period_end

    assert "Welcome, Reader member" in client.get("/membership/welcome/").content.decode()
    account = client.get("/account/").content.decode()
    assert "You are a <strong>Reader</strong> member, billed yearly (€40.00 a year)." in account
    assert "Renews on" in account
    story = client.get(members_story.url).content.decode()
    assert OPEN in story and GATED in story


def test_second_checkout_reuses_the_tiers_stripe_price(client, fake_stripe, tiers):
    sign_in(client, "ann@example.org")
    first = session_for(client.post("/membership/join/", {"tier": "reader", "interval": "month"}),
                        fake_stripe.secret_key)
    other = Client()
    sign_in(other, "bob@example.org")
    second = session_for(other.post("/membership/join/", {"tier": "reader", "interval": "month"}),
                         fake_stripe.secret_key)
    price = Tier.objects.get(slug="reader").stripe_monthly_price_id
    assert price.startswith("price_")
    assert [s.line_items.data[0].price.id for s in (first, second)] == [price, price]


def test_donations_through_checkout_appear_in_the_admin(client, fake_stripe, newsroom):
    key = fake_stripe.secret_key
    giver = Client()
    one_off = session_for(giver.post("/support/donate/", {"amount": "25",
                                                          "email": "giver@example.org"}), key)
    assert (one_off.mode, one_off.customer_creation, one_off.customer_email) == (
        "payment", "always", "giver@example.org")
    [line] = one_off.line_items.data
    assert (line.price.unit_amount, line.price.currency, line.price.type, line.description) == (
        2500, "eur", "one_time", "Donation")
    pay(fake_stripe, one_off)
    assert giver.get("/support/donate/thanks/").status_code == 200
    intent = stripe.PaymentIntent.retrieve(
        stripe.checkout.Session.retrieve(one_off.id, api_key=key).payment_intent, api_key=key)
    donation = Donation.objects.get(checkout_id=one_off.id)
    assert (intent.status, intent.amount, intent.metadata.herald_donation) == (
        "succeeded", 2500, str(donation.pk))
    assert (donation.amount, donation.currency, donation.kind, donation.status, donation.email) == (
        2500, "EUR", "one_off", "paid", "giver@example.org")

    sign_in(client, "ann@example.org")
    monthly = session_for(client.post("/support/donate/", {"amount": "other", "other_amount": "7",
                                                           "recurring": "on"}), key)
    [line] = monthly.line_items.data
    assert (monthly.mode, line.price.unit_amount, line.price.recurring.interval) == (
        "subscription", 700, "month")
    pay(fake_stripe, monthly)
    donation = Donation.objects.get(checkout_id=monthly.id)
    subscription_id = stripe.checkout.Session.retrieve(monthly.id, api_key=key).subscription
    assert (donation.amount, donation.kind, donation.status, donation.user.email,
            donation.subscription_id) == (700, "recurring", "paid", "ann@example.org", subscription_id)
    assert not Member.objects.exists()  # a monthly donation is not a membership
    assert "€7.00, monthly" in client.get("/account/").content.decode()

    client.force_login(newsroom.people["publisher"])
    admin = client.get("/admin/donation/").content.decode()
    assert "€25.00" in admin and "giver@example.org" in admin
    assert "€7.00" in admin and "ann@example.org" in admin


def test_manage_card_opens_a_portal_session_for_the_members_own_customer(client, fake_stripe, tiers):
    sign_in(client, "ann@example.org")
    join(client, fake_stripe)
    other = Client()
    sign_in(other, "bob@example.org")
    join(other, fake_stripe, tier="patron")
    customers = dict(Member.objects.values_list("user__email", "customer_id"))
    assert len(set(customers.values())) == 2

    account = client.get("/account/").content.decode()
    assert ('<form method="post" action="/account/membership/card/">' in account
            and "Update card and invoices</button>" in account)
    response = client.post("/account/membership/card/")
    assert response.status_code == 302
    assert response["Location"].startswith("https://billing.stripe.com/p/session/test_")
    portal = fake_stripe.portal_sessions()[-1]
    assert (portal["url"], portal["customer"], portal["return_url"]) == (
        response["Location"], customers["ann@example.org"], f"{BASE}/account/")


def test_change_tier_and_cancel_at_period_end_at_stripe(client, fake_stripe, tiers):
    key = fake_stripe.secret_key
    sign_in(client, "ann@example.org")
    join(client, fake_stripe, interval="month")
    member = Member.objects.get()

    assert client.post("/account/membership/change/",
                       {"tier": "patron", "interval": "month"}).status_code == 302
    subscription = stripe.Subscription.retrieve(member.subscription_id, api_key=key)
    assert subscription["items"].data[0].price.id == Tier.objects.get(slug="patron").stripe_monthly_price_id
    assert subscription.metadata.herald_tier == "patron"
    member.refresh_from_db()
    assert (member.tier.slug, member.status) == ("patron", "active")
    assert "You are a <strong>Patron</strong> member" in client.get("/account/").content.decode()

    assert client.post("/account/membership/cancel/").status_code == 302
    assert stripe.Subscription.retrieve(member.subscription_id, api_key=key).cancel_at_period_end
    assert "Your membership ends on" in client.get("/account/").content.decode()


def test_reconcile_reads_cancellations_made_at_stripe(client, fake_stripe, tiers, members_story,
                                                      capsys):
    key = fake_stripe.secret_key
    sign_in(client, "ann@example.org")
    join(client, fake_stripe)
    member = Member.objects.get()

    # The member cancels in Stripe's portal and the webhook is lost.
    stripe.Subscription.modify(member.subscription_id, cancel_at_period_end=True, api_key=key)
    call_command("reconcile_memberships")  # what `herald reconcile-memberships` runs
    assert capsys.readouterr().out == "Reconciled memberships (members changed: 1).\n"
    member.refresh_from_db()
    assert (member.status, member.cancel_at_period_end) == ("active", True)
    assert "Your membership ends on" in client.get("/account/").content.decode()
    assert GATED in client.get(members_story.url).content.decode()

    # The period is over: Stripe ends the subscription; again no event reaches us.
    stripe.Subscription.cancel(member.subscription_id, api_key=key)
    call_command("reconcile_memberships")
    assert capsys.readouterr().out == "Reconciled memberships (members changed: 1).\n"
    member.refresh_from_db()
    assert member.status == "canceled"
    assert "Your membership has ended" in client.get("/account/").content.decode()
    assert GATED not in client.get(members_story.url).content.decode()

    call_command("reconcile_memberships")
    assert capsys.readouterr().out == "Reconciled memberships (members unchanged: 1).\n"


# Stripe unreachable ----------------------------------------------------------


def test_joining_while_stripe_is_unreachable_shows_an_error_and_changes_nothing(
        client, tiers, stripe_down):
    sign_in(client, "ann@example.org")
    response = client.post("/membership/join/", {"tier": "reader", "interval": "year"})
    assert response.status_code == 502
    html = response.content.decode()
    assert f'<p class="form-error" role="alert">{PROVIDER_DOWN}</p>' in html
    assert html.count("Join as ") == 2  # the reader can try again from the same page
    assert "Traceback" not in html
    assert not Member.objects.exists()
    assert Tier.objects.get(slug="reader").stripe_yearly_price_id == ""


# A donation while Stripe is unreachable: test_memberships_robustness.py.


def test_a_tier_change_stripe_could_not_make_keeps_the_readers_choice(client, fake_stripe, tiers,
                                                                      request):
    sign_in(client, "ann@example.org")
    join(client, fake_stripe)  # a Reader member, paying monthly
    request.getfixturevalue("stripe_down")

    response = client.post("/account/membership/change/", {"tier": "patron", "interval": "year"})

    assert response.status_code == 502
    html = response.content.decode()
    assert f'<p class="form-error" role="alert">{PROVIDER_DOWN}</p>' in html
    assert 'id="change-tier-patron" name="tier" value="patron" checked>' in html
    assert '<option value="year" selected>' in html
    assert Member.objects.get().tier.slug == "reader"


def test_card_and_reconcile_while_stripe_is_unreachable(client, fake_stripe, tiers, request):
    sign_in(client, "ann@example.org")
    join(client, fake_stripe)
    before = Member.objects.values().get()
    request.getfixturevalue("stripe_down")

    response = client.post("/account/membership/card/")
    assert response.status_code == 502
    assert f'<p class="form-error" role="alert">{PROVIDER_DOWN}</p>' in response.content.decode()

    with pytest.raises(CommandError) as failed:
        call_command("reconcile_memberships")
    assert str(failed.value) == PROVIDER_DOWN
    assert Member.objects.values().get() == before


def test_a_stalled_stripe_fails_within_the_providers_time_limit(client, tiers, stripe_settings,
                                                                monkeypatch):
    """A server that accepts the connection and never answers: the reader gets the
    error page after the provider's limits, not the SDK's 80 s per attempt."""
    import socket
    import time

    from herald.memberships.payments.backends.stripe import StripeProvider

    monkeypatch.setattr(StripeProvider, "timeout", (0.5, 0.5))
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        monkeypatch.setattr(stripe, "api_base", f"http://127.0.0.1:{silent.getsockname()[1]}")
        sign_in(client, "ann@example.org")
        started = time.monotonic()
        response = client.post("/membership/join/", {"tier": "reader", "interval": "month"})
        waited = time.monotonic() - started
    assert response.status_code == 502
    assert PROVIDER_DOWN in response.content.decode()
    assert waited < 5  # two attempts of 0.5 s and the SDK's back-off between them


def test_without_a_secret_key_readers_see_that_payments_are_not_set_up(client, tiers,
                                                                        stripe_settings):
    stripe_settings.STRIPE_SECRET_KEY = ""
    sign_in(client, "ann@example.org")
    response = client.post("/membership/join/", {"tier": "reader", "interval": "month"})
    assert response.status_code == 503
    assert ('<p class="form-error" role="alert">Payments are not set up on this site yet. '
            "Please try again later.</p>") in response.content.decode()
    response = client.post("/support/donate/", {"amount": "25"})
    assert response.status_code == 503
