"""System checks: misconfiguration reported to operators with an id and a hint."""

from django.conf import settings
from django.core.checks import Error, Warning, register


@register("herald")
def check_production_settings(app_configs, **kwargs):
    messages = []
    if not settings.DEBUG and settings.SECRET_KEY and len(settings.SECRET_KEY) < 40:
        messages.append(
            Warning(
                "SECRET_KEY is shorter than 40 characters.",
                hint="Generate one with: python -c 'import secrets; print(secrets.token_urlsafe(50))'",
                id="herald.W001",
            )
        )
    if settings.HERALD_BASE_URL.endswith("/"):
        messages.append(
            Error(
                "HERALD_BASE_URL must not end with a slash.",
                hint="Set it like https://news.example.org",
                id="herald.E001",
            )
        )
    return messages
