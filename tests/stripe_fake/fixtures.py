"""pytest fixtures: the Stripe fake for a test module, and Herald configured to use it.

A test module loads them with ``pytest_plugins = ["stripe_fake.fixtures"]`` and
imports ``herald.memberships.testing.revenue_settings``."""

from __future__ import annotations

import pytest
import stripe

from stripe_fake import FakeStripe


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
