"""System checks for reader revenue: payment misconfiguration reported to operators."""

from django.conf import settings
from django.core.checks import Error, Warning, register

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
    elif not settings.DEBUG:
        messages.append(Warning(
            "The development payment provider grants memberships without payment.",
            hint="Set HERALD_PAYMENT_PROVIDER=stripe in production.", id="herald.memberships.W001"))
    return messages
