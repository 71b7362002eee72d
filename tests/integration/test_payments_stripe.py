"""The Stripe provider against localstripe, a local stateful Stripe fake run as a
subprocess on 127.0.0.1 (no network). localstripe implements customers, plans and
subscriptions but not Checkout sessions, prices or the billing portal: those
calls are covered only by their request shape (see docs/memberships.md)."""

import socket
import subprocess
import sys
import time

import pytest
import stripe

from herald.memberships.models import Member, Tier
from herald.memberships.payments import get_provider, processing
from herald.memberships.payments.backends.base import PaymentProviderError
from herald.memberships.testing import revenue_settings  # noqa: F401

pytest.importorskip("localstripe")
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("revenue_settings")]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def localstripe():
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "localstripe", "--from-scratch",
                                "--port", str(port)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.1)
    else:
        process.kill()
        pytest.fail("localstripe did not start within 20 seconds")
    previous = stripe.api_base
    stripe.api_base = f"http://127.0.0.1:{port}"
    yield stripe.api_base
    stripe.api_base = previous
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def stripe_settings(settings, localstripe):
    settings.HERALD_PAYMENT_PROVIDER = "stripe"
    settings.STRIPE_SECRET_KEY = "sk_test_localstripe"
    return settings


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


def test_checkout_sessions_are_beyond_localstripe(stripe_settings, django_user_model):
    """localstripe answers 404 for Checkout; the provider turns that into a clear error."""
    from herald.memberships import actions

    tier = Tier.objects.create(name="Reader", slug="reader", monthly_price=4, yearly_price=40,
                               benefits="x", stripe_monthly_price_id="reader-month")
    user = django_user_model.objects.create_user("reader-bob", "bob@example.org")
    with pytest.raises(PaymentProviderError) as raised:
        actions.start_membership(user, tier, "month", success_url="http://t/ok",
                                 cancel_url="http://t/no")
    assert raised.value.message == (
        "The payment provider did not answer as expected. Please try again in a minute.")
