"""Background work: provider events are processed here, never in the request."""

from __future__ import annotations

from django_tasks import task

from herald.memberships import actions
from herald.memberships.payments import processing


@task()
def process_payment_event(event_pk: int) -> str:
    """Apply one stored provider event (failures are recorded on the event)."""
    return processing.process(event_pk)


@task()
def retry_payment_events() -> dict[str, int]:
    """Retry failed events and pending ones nobody picked up."""
    return processing.retry_events()


@task()
def send_sign_in_link(email: str, hashed_browser: str, next_path: str = "") -> bool:
    """Mail a reader their sign-in link (nothing for an unknown address)."""
    return actions.send_sign_in_link(email, hashed_browser=hashed_browser, next_path=next_path)
