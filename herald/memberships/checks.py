"""System checks for reader revenue: payment misconfiguration reported to operators."""

from django.conf import settings
from django.core.checks import Error, Warning, register

from herald import config
from herald.memberships.payments import PROVIDERS


@register("herald")
def check_payment_provider(app_configs, **kwargs):
    provider = getattr(settings, "HERALD_PAYMENT_PROVIDER", "development")
    if provider not in PROVIDERS:
        return [Error(f"HERALD_PAYMENT_PROVIDER is {provider!r}.",
                      hint=f"Set it to one of: {', '.join(PROVIDERS)}.", id="herald.memberships.E001")]
    messages = []
    if provider == "stripe":
        for name in ("STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET"):
            if not getattr(settings, name, ""):
                # A warning, not an error: operators must still be able to
                # migrate and import before payments are set up; checkout and
                # webhooks refuse clearly until the keys are there.
                messages.append(Warning(
                    f"{name} is not set but HERALD_PAYMENT_PROVIDER is 'stripe': "
                    "readers cannot pay until it is.",
                    hint="Copy it from the Stripe dashboard (Developers → API keys / Webhooks).",
                    id="herald.memberships.W002"))
    elif not (settings.DEBUG or config.demo_checkout()):
        # Under `herald demo`, and for the other herald commands in a checkout where the
        # demo made var/secret_key (config.demo_checkout), the development provider is the
        # demo's on purpose (settings.py chooses it there) and the database is the demo's:
        # warning about it on every command there would be wrong. Anywhere else without
        # debug it was chosen by hand, and would grant real readers free memberships.
        messages.append(Warning(
            "The development payment provider grants memberships without payment.",
            hint="Set HERALD_PAYMENT_PROVIDER=stripe in production.", id="herald.memberships.W001"))
    return messages
