"""What a Django user is to the newsroom: anonymous, subscriber, member.

``membership_for(user)`` is the one read other apps use (the access decision
classifies readers with it). It returns plain data, costs one query
and caches its answer on the user object for the rest of the request.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth import get_user_model

from herald.memberships.models import ENTITLED_STATUSES


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
    """The membership of ``user`` (any Django user or AnonymousUser): one query."""
    if user is None or not getattr(user, "is_authenticated", False):
        return ANONYMOUS
    cached = getattr(user, "_herald_membership", None)
    if cached is not None:
        return cached
    # The account's membership and subscription, if any, side by side (LEFT JOINs).
    row = get_user_model().objects.filter(pk=user.pk).values(
        "member__status", "member__tier__slug", "member__current_period_end",
        "member__cancel_at_period_end", "subscriber__confirmed_at",
    ).first() or {}
    is_subscriber = row.get("subscriber__confirmed_at") is not None
    status = row.get("member__status")
    if status is None:
        result = Membership(is_authenticated=True, is_subscriber=is_subscriber)
    else:
        result = Membership(
            is_authenticated=True,
            is_subscriber=is_subscriber,
            is_member=status in ENTITLED_STATUSES,
            tier=row["member__tier__slug"],
            status=status,
            current_period_end=row["member__current_period_end"],
            cancel_at_period_end=row["member__cancel_at_period_end"],
        )
    user._herald_membership = result
    return result


def forget(user) -> None:
    """Drop the cached answer after the membership changed within a request."""
    if hasattr(user, "_herald_membership"):
        del user._herald_membership
