"""pytest fixtures: the Stripe fake for a test module, and Herald configured to use it.

Also ``tiers`` (Reader and Patron) and ``stripe_down`` / ``stripe_unreachable``
(nothing answers at Stripe's address). A test module loads them with ``pytest_plugins = ["stripe_fake.fixtures"]`` and
uses the ``revenue_settings`` fixture of ``tests/conftest.py``."""

from __future__ import annotations

import pytest
import stripe

from stripe_fake import FakeStripe, stripe_unreachable


@pytest.fixture(scope="module")
def fake_stripe():
    fake = FakeStripe().start()
    previous = stripe.api_base
    stripe.api_base = fake.api_base
    yield fake
    stripe.api_base = previous
    fake.stop()


@pytest.fixture
def stripe_settings(revenue_settings, fake_stripe):
    """Herald on the Stripe provider, with the secret key the fake accepts."""
    revenue_settings.HERALD_PAYMENT_PROVIDER = "stripe"
    revenue_settings.STRIPE_SECRET_KEY = fake_stripe.secret_key
    return revenue_settings


@pytest.fixture
def tiers():
    """Two tiers the publisher sells: Reader (4 a month) and Patron (25)."""
    from herald.memberships.models import Tier

    return {slug: Tier.objects.create(name=slug.title(), slug=slug, monthly_price=price,
                                      yearly_price=price * 10, benefits="Members-only stories")
            for slug, price in (("reader", 4), ("patron", 25))}


@pytest.fixture
def stripe_down(stripe_settings, fake_stripe):
    """Herald configured as usual, but nothing answers at Stripe's address."""
    with stripe_unreachable(fake_stripe) as stopped:
        yield stopped
