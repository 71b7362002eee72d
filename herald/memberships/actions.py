from __future__ import annotations

from django.utils import timezone

from herald.memberships.models import Subscriber

CONSENT_TEXT = "Send me the newsletter. I can unsubscribe at any time."


def record_subscription(email: str, *, consent: bool, source_path: str = "") -> Subscriber | None:
    """Store an address with the reader's consent; a known address is left as it is."""
    if not consent:
        return None
    subscriber, _ = Subscriber.objects.get_or_create(
        email=email.strip().lower(),
        defaults={
            "consent_text": CONSENT_TEXT,
            "consented_at": timezone.now(),
            "source_path": source_path[:300],
        },
    )
    return subscriber
