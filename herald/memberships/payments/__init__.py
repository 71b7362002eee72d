"""Payment providers: one interface (``backends.base``), a module per provider.

``get_provider()`` returns the configured one (``HERALD_PAYMENT_PROVIDER``:
``development`` or ``stripe``), read at call time so tests can switch it.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

PROVIDERS = {
    "development": "herald.memberships.payments.backends.development.DevelopmentProvider",
    "stripe": "herald.memberships.payments.backends.stripe.StripeProvider",
}


def get_provider(name: str | None = None):
    """The payment provider called ``name``, or the configured one."""
    name = name or getattr(settings, "HERALD_PAYMENT_PROVIDER", "development")
    try:
        path = PROVIDERS[name]
    except KeyError:
        raise ImproperlyConfigured(
            f"HERALD_PAYMENT_PROVIDER is {name!r}; set it to one of: {', '.join(PROVIDERS)}."
        ) from None
    return import_string(path)()
