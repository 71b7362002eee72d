"""The Stripe provider's subscription calls against the local Stripe fake
(``tests/stripe_fake``: localstripe plus Checkout and the billing portal), for a
subscription Herald did not open itself. Checkout, the portal and the
reconcile command over HTTP are in ``test_payments_stripe_checkout.py``."""

import time

import pytest
import stripe

from herald.memberships.models import Member, Tier
from herald.memberships.payments import get_provider, processing

pytest_plugins = ["stripe_fake.fixtures"]  # fake_stripe, stripe_settings
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("stripe_settings")]


def test_reconcile_reads_the_subscription_from_stripe(stripe_settings, django_user_model):
    key = stripe_settings.STRIPE_SECRET_KEY
    tier = Tier.objects.create(name="Reader", slug="reader", monthly_price=4, yearly_price=40,
                               benefits="x")
    user = django_user_model.objects.create_user("reader-ann", "ann@example.org")
    card = stripe.PaymentMethod.create(api_key=key, type="card", card={
        "number": "4242424242424242", "exp_month": 12, "exp_year": 2030, "cvc": "123"})
    customer = stripe.Customer.create(api_key=key, email=user.email, payment_method=card["id"],
                                      invoice_settings={"default_payment_method": card["id"]})
    plan = stripe.Plan.create(api_key=key, id="reader-month", amount=400, currency="eur",
                              interval="month", product={"name": "Reader"})
    created = stripe.Subscription.create(
        api_key=key, customer=customer["id"], items=[{"plan": plan["id"]}],
        metadata={"herald_kind": "membership", "herald_user": str(user.pk), "herald_tier": "reader",
                  "herald_interval": "month"})
    provider = get_provider()
    assert provider.name == "stripe"

    subscription = provider.fetch_subscription(created["id"])
    member = processing.apply_subscription("stripe", subscription, as_of=int(time.time()))
    assert (member.status, member.tier, member.customer_id) == ("active", tier, customer["id"])
    assert member.current_period_end is not None

    provider.update_subscription(created["id"], cancel_at_period_end=True)
    counts = processing.reconcile(provider)
    assert counts == {"members changed": 1}
    member.refresh_from_db()
    assert (member.status, member.cancel_at_period_end) == ("active", True)
    assert Member.objects.count() == 1
