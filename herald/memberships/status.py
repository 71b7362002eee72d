"""What a Django user is to the newsroom: anonymous, subscriber, member.

``membership_for(user)`` is the one read other apps use (the access decision
classifies readers with it). It returns plain data, costs at most two queries
and caches its answer on the user object for the rest of the request.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from herald.memberships.models import ENTITLED_STATUSES, Member, Subscriber


@dataclass(frozen=True)
class Membership:
    """A reader's standing. ``is_member`` is True only while a paid membership entitles them."""

    is_authenticated: bool = False
    is_subscriber: bool = False
    is_member: bool = False
    tier: str | None = None
    status: str | None = None
    current_period_end: datetime | None = None
    cancel_at_period_end: bool = False


ANONYMOUS = Membership()


def membership_for(user) -> Membership:
    """The membership of ``user`` (any Django user or AnonymousUser)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return ANONYMOUS
    cached = getattr(user, "_herald_membership", None)
    if cached is not None:
        return cached
    member = Member.objects.select_related("tier").filter(user=user).first()
    is_subscriber = Subscriber.objects.filter(user=user, confirmed_at__isnull=False).exists()
    if member is None:
        result = Membership(is_authenticated=True, is_subscriber=is_subscriber)
    else:
        result = Membership(
            is_authenticated=True,
            is_subscriber=is_subscriber,
            is_member=member.status in ENTITLED_STATUSES,
            tier=member.tier.slug if member.tier else None,
            status=member.status,
            current_period_end=member.current_period_end,
            cancel_at_period_end=member.cancel_at_period_end,
        )
    user._herald_membership = result
    return result


def forget(user) -> None:
    """Drop the cached answer after the membership changed within a request."""
    if hasattr(user, "_herald_membership"):
        del user._herald_membership
