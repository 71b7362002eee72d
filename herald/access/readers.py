"""Who is reading: the one place that classifies a request's reader.

Everything else in Herald asks ``reader_for(request)`` and gets a plain
:class:`Reader`; only this module knows how memberships and staff are stored.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q

from herald.memberships.models import ENTITLED_STATUSES, Member
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


def may_be_signed_in(request) -> bool:
    """False when the request carries no session cookie: nobody can be signed in.

    The page caches ask this before anything else runs; it needs no database.
    """
    return request is not None and settings.SESSION_COOKIE_NAME in request.COOKIES


def reader_for(request) -> Reader:
    """Classify the reader of ``request``: anonymous, subscriber or member.

    Without a session cookie nobody can be signed in, so the answer needs no
    database; this is what lets the page cache decide before Django's
    authentication middleware has run.
    """
    if not may_be_signed_in(request):
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


def readers_for_accounts(user_ids) -> dict[int, Reader]:
    """Readers for many accounts at once, outside any request (newsletter recipients).

    The same classes as ``reader_for``: a member of an entitled membership
    (with their tier), staff (``is_newsroom_staff``'s rule: ``is_staff``, or an
    active account that may use the admin), or a subscriber. Two queries.
    """
    ids = [pk for pk in set(user_ids) if pk is not None]
    if not ids:
        return {}
    User = get_user_model()
    tiers = dict(Member.objects.filter(user_id__in=ids, user__is_active=True,
                                       status__in=ENTITLED_STATUSES)
                 .values_list("user_id", "tier__slug"))
    staff = set(User.objects.filter(pk__in=ids, is_active=True).filter(
        Q(is_staff=True) | Q(is_superuser=True)
        | Q(groups__permissions__codename="access_admin",
            groups__permissions__content_type__app_label="wagtailadmin")
        | Q(user_permissions__codename="access_admin",
            user_permissions__content_type__app_label="wagtailadmin")
    ).values_list("pk", flat=True))
    readers = {}
    for pk in ids:
        if pk in tiers:
            tier = tiers[pk]
            readers[pk] = Reader(MEMBER_KIND, tiers=frozenset({tier}) if tier else frozenset(),
                                 is_staff=pk in staff, user_id=pk)
        else:
            readers[pk] = Reader(SUBSCRIBER_KIND, is_staff=pk in staff, user_id=pk)
    return readers


SUBSCRIBER = Reader(SUBSCRIBER_KIND)
