"""Membership and donations end to end through the development payment provider:
join → development checkout page → pay → signed events → member active."""

import io
import re

import pytest
from django.core.management import call_command
from django.utils import dateformat, timezone

from herald.memberships.models import Donation, Member, PaymentEvent, Tier
from herald.memberships.payments.backends.development import DevelopmentProvider
from herald.memberships.status import membership_for

from reader_revenue import link_in, sign_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("revenue_settings")]


@pytest.fixture
def tiers():
    Tier.objects.create(name="Reader", slug="reader", monthly_price=4, yearly_price=40,
                        benefits="The full archive\nMembers-only stories", sort_order=0)
    Tier.objects.create(name="Patron", slug="patron", monthly_price=25, yearly_price=250,
                        benefits="Everything\nA yearly briefing", sort_order=1)


def pay(client, response):
    """Follow a redirect to the development checkout and press Pay."""
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    assert "<strong>Development payment page.</strong> No money moves" in html
    return client.post(response["Location"], {"action": "pay"})


def test_join_pay_and_see_the_membership_on_the_account_page(client, home, tiers):
    sign_in(client, "ann@example.org")
    tiers_page = client.get("/membership/").content.decode()
    assert "€4.00 a month, or €40.00 a year" in tiers_page
    assert "<li>Members-only stories</li>" in tiers_page

    done = pay(client, client.post("/membership/join/", {"tier": "reader", "interval": "year"}))
    assert done.status_code == 302
    assert done["Location"] == "http://127.0.0.1:8000/membership/welcome/"
    assert "Welcome, Reader member" in client.get("/membership/welcome/").content.decode()

    assert sorted(PaymentEvent.objects.values_list("type", "status")) == [
        ("checkout.session.completed", "processed"), ("customer.subscription.created", "processed")]
    member = Member.objects.get()
    assert (member.status, member.tier.slug, member.interval, member.provider) == (
        "active", "reader", "year", "development")
    status = membership_for(member.user)
    assert (status.is_member, status.tier, status.status) == (True, "reader", "active")

    account = client.get("/account/").content.decode()
    assert "You are a <strong>Reader</strong> member, billed yearly (€40.00 a year)." in account
    assert "Renews on" in account


def test_anonymous_reader_is_sent_to_sign_in_before_joining(client, home, tiers):
    """The reader who pressed "Join as Patron", yearly, was sent to a bare "Sign in" page
    and then back to the tiers with nothing chosen: the sign-in page now says why it is
    there, and the tiers page they come back to keeps the tier and billing they chose."""
    response = client.post("/membership/join/", {"tier": "patron", "interval": "year"})
    assert response.status_code == 302
    assert response["Location"] == (
        "/account/sign-in/?next=/membership/%3Ftier%3Dpatron%26interval%3Dyear")
    sign_in_page = client.get(response["Location"]).content.decode()
    assert "Sign in to become a member: we e-mail you a link" in sign_in_page
    assert 'name="next" value="/membership/?tier=patron&amp;interval=year"' in sign_in_page
    back = client.get("/membership/?tier=patron&interval=year").content.decode()
    assert re.search(r'Patron</h2>.*?<strong>Your choice</strong>', back, re.S)
    assert 'id="patron-year" name="interval" value="year" checked' in back
    assert "Your choice" not in client.get("/membership/?tier=nope").content.decode()
    assert "Sign in to become a member" not in client.get("/account/sign-in/").content.decode()
    # A choice that is not on offer goes back to the tiers as they are.
    response = client.post("/membership/join/", {"tier": "nope", "interval": "year"})
    assert response["Location"] == "/account/sign-in/?next=/membership/"


def test_a_new_reader_joins_without_subscribing_first(client, home, tiers, mailoutbox):
    """Join, then an address the publication has never seen: the sign-in page answered
    "check your inbox" and mailed nothing, so only a newsletter subscriber could pay. The
    link it now mails makes the reader's account (no newsletter) and goes on to the tier
    they chose; the page is the same whether or not the address is known."""
    from herald.memberships.models import Subscriber
    from herald.newsletters.models import Newsletter, Subscription

    # A newsletter every newly confirmed subscriber gets, to show the new member gets none.
    Newsletter.objects.create(name="Morning digest", slug="morning")
    next_path = client.post("/membership/join/", {"tier": "patron", "interval": "year"})[
        "Location"].split("next=", 1)[1]
    asked = client.post("/account/sign-in/", {"email": "zoe@example.org",
                                               "next": "/membership/?tier=patron&interval=year"})
    assert next_path == "/membership/%3Ftier%3Dpatron%26interval%3Dyear"
    assert asked.status_code == 200 and "Check your inbox" in asked.content.decode()
    assert not Subscriber.objects.exists()  # nothing is made before the link is opened
    (message,) = mailoutbox
    assert message.to == ["zoe@example.org"] and message.subject.startswith("Your link to join")
    assert "no newsletter unless you choose one" in message.body

    landed = client.get(link_in(message, "sign-in"))
    assert landed["Location"] == "/membership/?tier=patron&interval=year"
    reader = Subscriber.objects.get(email="zoe@example.org")
    assert reader.is_confirmed and reader.user is not None and "No newsletter" in reader.consent_text
    assert not Subscription.objects.filter(subscriber=reader).exists()
    done = pay(client, client.post("/membership/join/", {"tier": "patron", "interval": "year"}))
    assert done["Location"] == "http://127.0.0.1:8000/membership/welcome/"
    assert Member.objects.get().user == reader.user

    # Not a newsletter subscriber: the subscriber export (consent "yes") leaves them out.
    exported = io.StringIO()
    call_command("subscribers", "export", stdout=exported)
    assert "zoe@example.org" not in exported.getvalue()

    # Subscribing later records the newsletter consent and gives the newsletter.
    client.post("/subscribe/", {"email": "zoe@example.org", "consent": "yes", "next": "/"})
    reader.refresh_from_db()
    assert reader.agreed_to_newsletters and "No newsletter" not in reader.consent_text
    assert list(Subscription.objects.filter(subscriber=reader).values_list(
        "newsletter__slug", flat=True)) == ["morning"]
    exported = io.StringIO()
    call_command("subscribers", "export", stdout=exported)
    assert "zoe@example.org,,morning,yes" in exported.getvalue()

    # Signing in, not joining, still mails an unknown address nothing, on the same page.
    plain = client.post("/account/sign-in/", {"email": "yan@example.org"})
    assert plain.status_code == 200 and "Check your inbox" in plain.content.decode()
    assert len(mailoutbox) == 1 and not Subscriber.objects.filter(email="yan@example.org").exists()


def test_cancelled_checkout_creates_no_member(client, home, tiers):
    sign_in(client, "ann@example.org")
    response = client.post("/membership/join/", {"tier": "reader", "interval": "month"})
    cancelled = client.post(response["Location"], {"action": "cancel"})
    assert cancelled["Location"] == "http://127.0.0.1:8000/membership/"
    assert not Member.objects.exists()


def test_another_reader_cannot_complete_my_checkout(client, home, tiers):
    from django.test import Client

    sign_in(client, "ann@example.org")
    url = client.post("/membership/join/", {"tier": "reader", "interval": "month"})["Location"]
    other = Client()
    sign_in(other, "bob@example.org")
    assert other.post(url, {"action": "pay"}).status_code == 403
    assert not Member.objects.exists()


def test_cancel_at_period_end_then_keep(client, home, tiers):
    sign_in(client, "ann@example.org")
    pay(client, client.post("/membership/join/", {"tier": "reader", "interval": "month"}))
    assert client.post("/account/membership/cancel/").status_code == 302
    member = Member.objects.get()
    assert (member.status, member.cancel_at_period_end) == ("active", True)
    page = client.get("/account/").content.decode()
    assert "Your membership ends on" in page and "Keep my membership" in page
    assert membership_for(member.user).is_member is True

    client.post("/account/membership/cancel/", {"cancel": "no"})
    member.refresh_from_db()
    assert member.cancel_at_period_end is False


def test_change_tier(client, home, tiers):
    sign_in(client, "ann@example.org")
    pay(client, client.post("/membership/join/", {"tier": "reader", "interval": "month"}))
    response = client.post("/account/membership/change/", {"tier": "patron", "interval": "month"})
    assert response.status_code == 302
    member = Member.objects.get()
    assert (member.tier.slug, member.status) == ("patron", "active")
    assert "You are a <strong>Patron</strong> member" in client.get("/account/").content.decode()
    # The provider reported the change as an event, applied like any other.
    assert PaymentEvent.objects.filter(type="customer.subscription.updated", status="processed").exists()


def test_joining_twice_is_refused(client, home, tiers):
    sign_in(client, "ann@example.org")
    pay(client, client.post("/membership/join/", {"tier": "reader", "interval": "month"}))
    response = client.post("/membership/join/", {"tier": "patron", "interval": "month"})
    assert response.status_code == 400
    assert "You are already a member" in response.content.decode()


def test_update_card_goes_to_the_providers_portal(client, home, tiers):
    sign_in(client, "ann@example.org")
    pay(client, client.post("/membership/join/", {"tier": "reader", "interval": "month"}))
    response = client.post("/account/membership/card/")
    assert response["Location"] == "/payments/dev/portal/"
    assert "Development billing portal" in client.get("/payments/dev/portal/").content.decode()


def test_subscription_ended_at_provider_is_reconciled(client, home, tiers, capsys):
    sign_in(client, "ann@example.org")
    pay(client, client.post("/membership/join/", {"tier": "reader", "interval": "month"}))
    member = Member.objects.get()
    # The provider's record changes without an event reaching us (a lost webhook).
    from herald.memberships.models import DevelopmentPaymentObject

    row = DevelopmentPaymentObject.objects.get(object_id=member.subscription_id)
    row.data = {**row.data, "status": "canceled"}
    row.save()
    call_command("reconcile_memberships")
    assert capsys.readouterr().out == "Reconciled memberships (members changed: 1).\n"
    member.refresh_from_db()
    assert member.status == "canceled"
    assert membership_for(member.user).is_member is False
    assert "Become a member" in client.get("/account/").content.decode()


def test_development_pages_are_absent_with_stripe(client, home, settings):
    settings.HERALD_PAYMENT_PROVIDER = "stripe"
    assert client.get("/payments/dev/checkout/cs_dev_x/").status_code == 404


# Donations -------------------------------------------------------------------

def test_one_off_donation_by_an_anonymous_reader(client, home, mailoutbox,
                                                  django_capture_on_commit_callbacks):
    form = client.get("/support/donate/").content.decode()
    for amount in (5, 10, 25, 50):
        assert f'value="{amount}"' in form
        assert f'<label for="amount-{amount}">€{amount}.00</label>' in form
    response = client.post("/support/donate/", {"amount": "25", "email": "giver@example.org"})
    assert "<h1>Pay €25.00</h1>" in client.get(response["Location"]).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        done = pay(client, response)
    assert done["Location"] == "http://127.0.0.1:8000/support/donate/thanks/"
    thanks = client.get("/support/donate/thanks/").content.decode()
    assert "Thank you for your support" in thanks
    donation = Donation.objects.get()
    assert (donation.amount, donation.currency, donation.kind, donation.status, donation.email) == (
        2500, "EUR", "one_off", "paid", "giver@example.org")
    [receipt] = mailoutbox
    assert receipt.to == ["giver@example.org"]
    assert "Amount: €25.00" in receipt.body and "For: a one-off donation" in receipt.body
    assert f"Date: {dateformat.format(timezone.localtime(donation.paid_at), 'j F Y')}" in receipt.body


def test_recurring_free_amount_donation_by_a_signed_in_reader(client, home):
    sign_in(client, "ann@example.org")
    pay(client, client.post("/support/donate/", {"amount": "other", "other_amount": "7",
                                                 "recurring": "on"}))
    donation = Donation.objects.get()
    assert (donation.amount, donation.kind, donation.status, donation.user.email) == (
        700, "recurring", "paid", "ann@example.org")
    assert donation.subscription_id.startswith("sub_dev_")
    assert not Member.objects.exists()  # a monthly donation is not a membership
    assert "€7.00, monthly" in client.get("/account/").content.decode()


@pytest.mark.parametrize("data, message", [
    # Amounts are said as money, in the donation's currency: "2" alone read as nothing.
    ({"amount": "other", "other_amount": "1", "email": "a@example.org"},
     '<p class="field__error" id="other-amount-error">The smallest donation we can take is €2.00.</p>'),
    ({"amount": "", "email": "a@example.org"}, "Choose an amount or enter your own."),
    ({"amount": "13", "email": "a@example.org"}, "Choose an amount or enter your own."),
    # Below the floor (one floor: 0 was once told "at least 1", 1 "the smallest is 2"), above
    # the ceiling, or not a number: said beside the field, not lost.
    ({"amount": "other", "other_amount": "0", "email": "a@example.org"},
     '<p class="field__error" id="other-amount-error">The smallest donation we can take is €2.00.</p>'),
    ({"amount": "other", "other_amount": "20000", "email": "a@example.org"},
     '<p class="field__error" id="other-amount-error">We take donations of up to €10,000.00 online; '
     'write to us for more.</p>'),
    ({"amount": "other", "other_amount": "ten", "email": "a@example.org"},
     '<p class="field__error" id="other-amount-error">Enter the amount in whole units, such as 15.</p>'),
])
def test_donation_form_explains_what_to_fix(client, home, data, message):
    response = client.post("/support/donate/", data)
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert page.count('role="alert"') + page.count('class="field__error"') == 1  # one thing to fix
    assert not Donation.objects.exists()


def test_donation_form_says_its_smallest_amount_as_money(client, home):
    page = client.get("/support/donate/").content.decode()
    assert "Other amount (at least €2.00)" in page
    assert 'name="other_amount" type="number" min="2"' in page


def test_development_provider_refuses_events_signed_with_another_secret():
    from herald.memberships.payments.backends.base import InvalidSignature

    from reader_revenue import stripe_event, stripe_signature

    payload = stripe_event("invoice.paid", {"id": "in_1"}, event_id="evt_1", created=1)
    with pytest.raises(InvalidSignature):
        DevelopmentProvider().parse_webhook(payload, stripe_signature(payload, "whsec_guess"))
    assert re.match(r"whsec_dev_[0-9a-f]+$", DevelopmentProvider.webhook_secret())
