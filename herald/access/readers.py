"""Who is reading: the one place that classifies a request's reader.

Everything else in Herald asks ``reader_for(request)`` and gets a plain
:class:`Reader`; only this module knows how memberships and staff are stored.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings

from herald.memberships.status import membership_for
from herald.newsroom.models import is_newsroom_staff

ANONYMOUS_KIND = "anonymous"
SUBSCRIBER_KIND = "subscriber"
MEMBER_KIND = "member"


@dataclass(frozen=True)
class Reader:
    kind: str = ANONYMOUS_KIND
    tiers: frozenset[str] = field(default_factory=frozenset)
    is_staff: bool = False
    user_id: int | None = None

    @property
    def is_anonymous(self) -> bool:
        return self.kind == ANONYMOUS_KIND


ANONYMOUS = Reader()


def reader_for(request) -> Reader:
    """Classify the reader of ``request``: anonymous, subscriber or member.

    Without a session cookie nobody can be signed in, so the answer needs no
    database; this is what lets the page cache decide before Django's
    authentication middleware has run.
    """
    if request is None or settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return ANONYMOUS
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_active:
        return ANONYMOUS
    membership = membership_for(user)
    is_staff = is_newsroom_staff(user)
    if membership.is_member:
        tiers = frozenset({membership.tier}) if membership.tier else frozenset()
        return Reader(MEMBER_KIND, tiers=tiers, is_staff=is_staff, user_id=user.pk)
    return Reader(SUBSCRIBER_KIND, is_staff=is_staff, user_id=user.pk)
