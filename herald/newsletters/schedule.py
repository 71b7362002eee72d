"""When digests go out: at a set local time in the publication's time zone.

``last_slot`` is pure: the latest scheduled moment at or before ``now``, computed
on the local calendar (so 07:00 stays 07:00 across a daylight-saving change) and
returned in UTC.
"""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from herald.newsletters import actions
from herald.newsletters.models import Issue, Newsletter


def publication_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def last_slot(schedule: str, at: datetime.time, weekday: int, now: datetime.datetime,
              zone: ZoneInfo) -> datetime.datetime | None:
    """The latest moment at or before ``now`` when this digest was due (None: not a digest)."""
    if schedule not in (Newsletter.Schedule.DAILY, Newsletter.Schedule.WEEKLY):
        return None
    local_now = now.astimezone(zone)
    day = local_now.date()
    for _ in range(8):
        if schedule == Newsletter.Schedule.DAILY or day.weekday() == weekday:
            # fold=0: an ambiguous local time (clocks going back) is its first occurrence;
            # a local time that does not exist (clocks going forward) is read as after the jump.
            slot = datetime.datetime.combine(day, at, tzinfo=zone)
            slot = slot.astimezone(datetime.UTC).astimezone(zone)
            if slot <= local_now:
                return slot.astimezone(datetime.UTC)
        day -= datetime.timedelta(days=1)
    return None


def due_slot(newsletter: Newsletter, now: datetime.datetime) -> datetime.datetime | None:
    """The slot whose digest has not been made yet, if the digest is due now."""
    slot = last_slot(newsletter.schedule, newsletter.send_time, newsletter.weekday, now,
                     publication_zone())
    if slot is None:
        return None
    last = newsletter.issues.filter(story__isnull=True).order_by("-digest_until").first()
    if last is not None and last.digest_until and last.digest_until >= slot:
        return None
    return slot


def queue_due_digests(now: datetime.datetime | None = None) -> list[Issue]:
    """Make and queue each digest whose time has come (stories up to its slot)."""
    now = now or timezone.now()
    queued = []
    for newsletter in Newsletter.objects.filter(active=True).exclude(
            schedule=Newsletter.Schedule.ON_PUBLISH):
        slot = due_slot(newsletter, now)
        if slot is None:
            continue
        issue = actions.digest_issue(newsletter, until=slot)
        if issue is None:  # nothing new since the last digest: the next one reaches back further
            continue
        actions.queue(issue)
        queued.append(issue)
    return queued
