"""Provider events in, membership and donation state out.

Every event is stored before it is processed (``receive``); processing runs in
a django-tasks task (``herald.memberships.tasks``). An event id seen twice is
stored once and processed once. Subscription state is keyed by subscription id
and only replaced by news at least as recent as what was applied last, so
events delivered out of order cannot move a membership backwards. A Checkout
session grants nothing until it is paid: bank debits and transfers complete
"unpaid" and settle later (``checkout.session.async_payment_*``).
"""

from __future__ import annotations

import json
import logging
import time
import traceback
from datetime import UTC, datetime, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from herald.core.errors import HeraldError
from herald.memberships import actions
from herald.memberships.models import ENTITLED_STATUSES, Donation, Member, PaymentEvent, Tier
from herald.memberships.payments.backends.base import ProviderUnavailable

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 10


def receive(provider, payload: bytes | str, signature_header: str | None) -> tuple[PaymentEvent, bool]:
    """Verify and store an event, then queue its processing. Returns (event, is_new)."""
    from herald.memberships.tasks import process_payment_event

    event = provider.parse_webhook(payload, signature_header)
    record, created = PaymentEvent.objects.get_or_create(
        provider=provider.name, event_id=event.id,
        defaults={"type": event.type, "created": event.created, "payload": event.payload},
    )
    if created:
        process_payment_event.enqueue(record.pk)
    return record, created


def process(event_pk: int) -> str:
    """Apply one stored event; a failure is recorded on the event for a later retry."""
    with transaction.atomic():
        record = PaymentEvent.objects.select_for_update().get(pk=event_pk)
        if record.status in (PaymentEvent.Status.PROCESSED, PaymentEvent.Status.IGNORED):
            return record.status
        record.attempts += 1
        try:
            with transaction.atomic():
                handled = dispatch(record.provider, json.loads(record.payload))
        except Exception as exc:  # recorded and retried, never lost
            logger.exception("Payment event %s (%s) failed", record.event_id, record.type)
            record.status = PaymentEvent.Status.FAILED
            record.last_error = "".join(traceback.format_exception_only(exc)).strip()[:2000]
        else:
            record.status = PaymentEvent.Status.PROCESSED if handled else PaymentEvent.Status.IGNORED
            record.last_error = ""
            record.processed_at = timezone.now()
        record.save()
        return record.status


def retry_events(*, stale_after: timedelta = timedelta(minutes=5)) -> dict[str, int]:
    """Process failed events and pending ones nobody picked up; returns counts by outcome."""
    cutoff = timezone.now() - stale_after
    waiting = PaymentEvent.objects.filter(attempts__lt=MAX_ATTEMPTS).filter(
        status=PaymentEvent.Status.FAILED
    ) | PaymentEvent.objects.filter(status=PaymentEvent.Status.PENDING, received_at__lt=cutoff)
    counts: dict[str, int] = {}
    for pk in waiting.order_by("created", "pk").values_list("pk", flat=True):
        outcome = process(pk)
        counts[outcome] = counts.get(outcome, 0) + 1
    return counts


def dispatch(provider_name: str, event: dict) -> bool:
    """Apply a Stripe-shaped event; False for event types Herald does not use."""
    handler = HANDLERS.get(event["type"])
    if handler is None:
        return False
    handler(provider_name, event["data"]["object"], int(event["created"]))
    return True


# Handlers -------------------------------------------------------------------

def _user(metadata: dict):
    user_id = (metadata or {}).get("herald_user")
    if not user_id:
        return None
    return get_user_model().objects.filter(pk=user_id).first()


def _ts(value) -> datetime | None:
    return datetime.fromtimestamp(int(value), tz=UTC) if value else None


# A Checkout session reports one of three outcomes. Cards are paid when the
# session completes; delayed methods (bank debits, bank transfers) complete
# "unpaid" and settle days later with async_payment_succeeded or _failed.
PAID, PROCESSING, FAILED = "paid", "processing", "failed"
PAID_CHECKOUT_STATUSES = frozenset({"paid", "no_payment_required"})

# A donation only moves forward, so events replayed or in any order end the same.
DONATION_MOVES = {
    PROCESSING: ({Donation.Status.PENDING}, Donation.Status.PROCESSING),
    PAID: ({Donation.Status.PENDING, Donation.Status.PROCESSING}, Donation.Status.PAID),
    FAILED: ({Donation.Status.PENDING, Donation.Status.PROCESSING}, Donation.Status.FAILED),
}
# What each outcome says about the membership's subscription, in Stripe's statuses:
# incomplete while the first payment is on its way, incomplete_expired once it failed.
MEMBER_STATUS_AFTER = {
    PAID: Member.Status.ACTIVE,
    PROCESSING: Member.Status.INCOMPLETE,
    FAILED: Member.Status.EXPIRED,
}


def on_checkout_completed(provider: str, session: dict, created: int) -> None:
    paid = session.get("payment_status") in PAID_CHECKOUT_STATUSES
    apply_checkout(provider, session, created, PAID if paid else PROCESSING)


def on_async_payment_succeeded(provider: str, session: dict, created: int) -> None:
    apply_checkout(provider, session, created, PAID)


def on_async_payment_failed(provider: str, session: dict, created: int) -> None:
    apply_checkout(provider, session, created, FAILED)


def apply_checkout(provider: str, session: dict, created: int, outcome: str) -> None:
    """Record what a Checkout session says: paid, payment on its way, or payment failed."""
    metadata = session.get("metadata") or {}
    kind = metadata.get("herald_kind")
    if kind == "donation":
        _settle_donation(session, created, outcome)
    elif kind == "membership":
        _apply_membership_checkout(provider, session, created, outcome)


def _settle_donation(session: dict, created: int, outcome: str) -> None:
    metadata = session.get("metadata") or {}
    donation = Donation.objects.select_for_update().filter(pk=metadata.get("herald_donation")).first()
    moves_from, status = DONATION_MOVES[outcome]
    if donation is None or donation.status not in moves_from:
        return
    donation.status = status
    if status == Donation.Status.PAID:
        donation.paid_at = _ts(created)
    donation.checkout_id = session.get("id") or donation.checkout_id
    donation.subscription_id = session.get("subscription") or donation.subscription_id
    donation.save()
    if status == Donation.Status.PAID:
        actions.donation_paid(donation)


def _apply_membership_checkout(provider: str, session: dict, created: int, outcome: str) -> None:
    metadata = session.get("metadata") or {}
    user = _user(metadata)
    if user is None:
        logger.warning("Checkout %s names no known reader", session.get("id"))
        return
    member = Member.objects.select_for_update().filter(user=user).first() or Member(user=user)
    member.provider = provider
    member.customer_id = session.get("customer") or member.customer_id
    subscription_id = session.get("subscription") or ""
    status = MEMBER_STATUS_AFTER[outcome]
    if subscription_id and subscription_id == member.subscription_id:
        # News of the subscription we follow. Its own events are authoritative:
        # at the same second they win, so only strictly newer checkout news counts,
        # and only if it changes the status (so it holds back no older details).
        news = created > member.state_as_of and member.status != status
    else:
        # The first news of this subscription, or a rejoin after an ended one; it
        # never replaces a subscription that entitles the reader, nor newer news.
        news = bool(subscription_id) and not member.is_entitled and created >= member.state_as_of
        if news:
            member.subscription_id = subscription_id
            member.tier = Tier.objects.filter(slug=metadata.get("herald_tier")).first() or member.tier
            member.interval = metadata.get("herald_interval") or member.interval
            member.cancel_at_period_end = False
            member.current_period_end = None
    if news:
        member.status = status
        if outcome == PAID:
            member.started_at = member.started_at or _ts(created)
            member.canceled_at = None
        member.state_as_of = created
    member.save()


def apply_subscription(provider: str, subscription: dict, as_of: int) -> Member | None:
    """Make the member's state that of ``subscription`` unless we know something newer."""
    member = Member.objects.filter(subscription_id=subscription["id"]).first()
    if member is None:
        user = _user(subscription.get("metadata"))
        if user is None:
            known = Member.objects.filter(customer_id=subscription.get("customer") or "-").first()
            user = known.user if known else None
        if user is None:
            logger.warning("Subscription %s belongs to no known reader", subscription["id"])
            return None
        member, _ = Member.objects.get_or_create(user=user, defaults={"provider": provider})
    status = subscription.get("status") or ""
    if member.subscription_id and member.subscription_id != subscription["id"]:
        if member.is_entitled and status not in ENTITLED_STATUSES:
            return member  # an old subscription's end must not end the current one
    elif as_of < member.state_as_of:
        return member  # older news than what we applied
    elif as_of == member.state_as_of and not _wins_tie(member, subscription):
        return member  # the same second, and the state we hold is further along
    items = (subscription.get("items") or {}).get("data") or [{}]
    price = items[0].get("price") or {}
    metadata = subscription.get("metadata") or {}
    tier = (Tier.objects.filter(slug=metadata.get("herald_tier")).first()
            or Tier.objects.filter(stripe_monthly_price_id=price.get("id") or "-").first()
            or Tier.objects.filter(stripe_yearly_price_id=price.get("id") or "-").first())
    member.provider = provider
    member.subscription_id = subscription["id"]
    member.customer_id = subscription.get("customer") or member.customer_id
    member.status = status if status in Member.Status.values else Member.Status.INCOMPLETE
    member.tier = tier or member.tier
    member.interval = ((price.get("recurring") or {}).get("interval")
                       or metadata.get("herald_interval") or member.interval)
    member.current_period_end = _ts(subscription.get("current_period_end")
                                    or items[0].get("current_period_end"))
    member.cancel_at_period_end = bool(subscription.get("cancel_at_period_end"))
    if member.status in ENTITLED_STATUSES:
        member.started_at = member.started_at or _ts(subscription.get("start_date")) or timezone.now()
        member.canceled_at = _ts(subscription.get("canceled_at")) if member.cancel_at_period_end else None
    elif member.status == Member.Status.CANCELED:
        member.canceled_at = (_ts(subscription.get("ended_at")) or _ts(subscription.get("canceled_at"))
                              or timezone.now())
    member.state_as_of = as_of
    member.save()
    return member


# Stripe stamps events to the second, so two changes of one subscription can share a
# ``created``; their delivery order means nothing. At a tie the state further along the
# subscription's life wins (docs/memberships.md, "Events in the same second"): an ended
# subscription never comes back, a later billing period beats an earlier one, and
# within one period dunning moves forward (active, past due, unpaid or paused, ended).
STATUS_PROGRESS = {
    "incomplete": 0, "trialing": 1, "active": 1, "past_due": 2, "unpaid": 3, "paused": 3,
    "canceled": 4, "incomplete_expired": 4,
}
TERMINAL_STATUSES = frozenset({"canceled", "incomplete_expired"})


def _wins_tie(member: Member, subscription: dict) -> bool:
    """Whether ``subscription``, stamped the same second as ``member``'s state, replaces it."""
    status = subscription.get("status") or ""
    if member.status in TERMINAL_STATUSES:
        return status in TERMINAL_STATUSES
    items = (subscription.get("items") or {}).get("data") or [{}]
    period_end = _ts(subscription.get("current_period_end") or items[0].get("current_period_end"))
    if status not in TERMINAL_STATUSES and period_end and member.current_period_end \
            and period_end != member.current_period_end:
        return period_end > member.current_period_end
    return STATUS_PROGRESS.get(status, 0) >= STATUS_PROGRESS.get(member.status, 0)


def on_subscription_changed(provider: str, subscription: dict, created: int) -> None:
    if (subscription.get("metadata") or {}).get("herald_kind") == "donation":
        return  # a recurring donation's payments arrive as invoices
    apply_subscription(provider, subscription, created)


def on_invoice_paid(provider: str, invoice: dict, created: int) -> None:
    """Each renewal of a recurring donation is one more donation row."""
    if invoice.get("billing_reason") != "subscription_cycle":
        return  # the first payment is recorded from the checkout
    subscription_id = invoice.get("subscription") or (
        ((invoice.get("parent") or {}).get("subscription_details") or {}).get("subscription"))
    first = Donation.objects.filter(subscription_id=subscription_id or "-").order_by("created_at").first()
    if first is None:
        return
    donation, created_now = Donation.objects.get_or_create(
        invoice_id=invoice["id"], provider=provider,
        defaults={"user": first.user, "email": first.email, "amount": invoice.get("amount_paid") or 0,
                  "currency": (invoice.get("currency") or first.currency).upper(),
                  "kind": Donation.Kind.RECURRING, "status": Donation.Status.PAID,
                  "subscription_id": subscription_id, "paid_at": _ts(created)},
    )
    if created_now:
        actions.donation_paid(donation)


HANDLERS = {
    "checkout.session.completed": on_checkout_completed,
    "checkout.session.async_payment_succeeded": on_async_payment_succeeded,
    "checkout.session.async_payment_failed": on_async_payment_failed,
    "customer.subscription.created": on_subscription_changed,
    "customer.subscription.updated": on_subscription_changed,
    "customer.subscription.deleted": on_subscription_changed,
    "invoice.paid": on_invoice_paid,
}


def reconcile(provider, *, on_progress=None, on_failure=None) -> dict[str, int]:
    """Retry waiting events, then re-read every member's subscription from the provider.

    A member whose subscription cannot be read is counted as ``members failed``
    and reported through ``on_failure(member, reason)``; the others are still
    checked. ``on_progress(done, total)`` is called after each member. Stops at
    ``ProviderUnavailable``: every further request would fail (and wait) the same.
    """
    counts = {f"events {k}": v for k, v in retry_events().items()}
    now = int(time.time())
    members = list(Member.objects.filter(provider=provider.name).exclude(subscription_id="")
                   .order_by("pk"))
    for done, member in enumerate(members, 1):
        before = (member.status, member.tier_id, member.current_period_end, member.cancel_at_period_end)
        try:
            subscription = provider.fetch_subscription(member.subscription_id)
            with transaction.atomic():
                updated = apply_subscription(provider.name, subscription, now)
        except ProviderUnavailable:
            raise
        except Exception as exc:  # one bad subscription must not block every other member
            # The caller reports each failure; a traceback only helps with our own bugs.
            logger.log(logging.INFO if isinstance(exc, HeraldError) else logging.ERROR,
                       "Reconciling member %s (subscription %s) failed", member.pk,
                       member.subscription_id, exc_info=not isinstance(exc, HeraldError))
            key = "members failed"
            if on_failure:
                on_failure(member, _reason(exc))
        else:
            after = (updated.status, updated.tier_id, updated.current_period_end,
                     updated.cancel_at_period_end) if updated else before
            key = "members changed" if before != after else "members unchanged"
        counts[key] = counts.get(key, 0) + 1
        if on_progress:
            on_progress(done, len(members))
    return counts


def _reason(exc: Exception) -> str:
    """An operator's account of a failure: the provider's own words where there are some."""
    cause = exc.__cause__ if isinstance(exc, HeraldError) else exc
    if cause is None:
        return exc.message
    return f"{type(cause).__name__}: {cause}".strip()
