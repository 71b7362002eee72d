"""The publisher's revenue figures: members by tier, monthly recurring revenue,
sign-ups, cancellations and donations per week."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.utils import timezone

from herald.memberships.models import ENTITLED_STATUSES, Donation, Member, Subscriber


@dataclass(frozen=True)
class Week:
    start: datetime

    @property
    def label(self) -> str:
        return self.start.strftime("%d %b")


@dataclass
class Figures:
    members_by_tier: list[tuple[str, int]]
    mrr_by_currency: dict[str, Decimal]
    weeks: list[Week]
    signups: list[int]
    member_joins: list[int]
    cancellations: list[int]
    donations: dict[str, list[Decimal]]

    @property
    def active_members(self) -> int:
        return sum(n for _, n in self.members_by_tier)


def week_starts(now: datetime, count: int) -> list[Week]:
    monday = (now - timedelta(days=now.weekday())).replace(hour=0, minute=0, second=0, microsecond=0)
    return [Week(monday - timedelta(weeks=n)) for n in range(count - 1, -1, -1)]


def bucket(times, weeks: list[Week]) -> list[int]:
    """How many of ``times`` fall in each week (pure)."""
    counts = Counter()
    for when in times:
        for index in range(len(weeks) - 1, -1, -1):
            if when >= weeks[index].start:
                counts[index] += 1
                break
    return [counts[i] for i in range(len(weeks))]


def figures(weeks_back: int = 12, now: datetime | None = None) -> Figures:
    now = timezone.localtime(now or timezone.now())
    weeks = week_starts(now, weeks_back)
    since = weeks[0].start
    active = Member.objects.filter(status__in=ENTITLED_STATUSES).select_related("tier")
    by_tier = Counter()
    mrr: dict[str, Decimal] = {}
    for member in active:
        by_tier[member.tier.name if member.tier else "No tier"] += 1
        if member.tier:
            currency = member.tier.currency
            mrr[currency] = mrr.get(currency, Decimal(0)) + member.monthly_amount
    paid = Donation.objects.filter(status=Donation.Status.PAID, paid_at__gte=since)
    donations: dict[str, list[Decimal]] = {}
    for currency in paid.values_list("currency", flat=True).distinct():
        totals = [Decimal(0)] * len(weeks)
        for amount, when in paid.filter(currency=currency).values_list("amount", "paid_at"):
            counts = bucket([when], weeks)
            totals[counts.index(1)] += Decimal(amount) / 100
        donations[currency] = totals
    return Figures(
        members_by_tier=sorted(by_tier.items(), key=lambda item: (-item[1], item[0])),
        mrr_by_currency=mrr,
        weeks=weeks,
        signups=bucket(Subscriber.objects.filter(created_at__gte=since)
                       .values_list("created_at", flat=True), weeks),
        member_joins=bucket(Member.objects.filter(started_at__gte=since)
                            .values_list("started_at", flat=True), weeks),
        cancellations=bucket(Member.objects.filter(canceled_at__gte=since)
                             .values_list("canceled_at", flat=True), weeks),
        donations=donations,
    )

