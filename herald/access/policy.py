"""Who may read what: the one access decision.

``can_read`` is a pure function over plain data, in the spirit of Ghost's
``checkPostAccess(post, member)``. Every output path (the article page, its
JSON-LD, the page cache's variants) asks it, through
``herald.access.entitlement.decision_for``; nothing else decides.

It fails closed: an access level it does not know withholds the text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from herald.access.readers import MEMBER_KIND, Reader
from herald.articles.access_levels import AccessLevel


class Reason:
    """Why a reader may or may not read a story; one code per rule."""

    FREE = "free"  # a free story, open to everyone: the same page for all readers
    STAFF = "staff"  # reporters, editors and publishers read everything
    MEMBER = "member"  # a paid member (of a matching tier)
    METER = "meter"  # a metered story within the meter: this read is counted now
    ALREADY_READ = "already-read"  # counted earlier in the window; reloads are free
    METER_SPENT = "meter-spent"  # the meter is used up
    MEMBERS_ONLY = "members-only"  # members-only story, reader is not a member
    TIER = "tier"  # members-only story for other tiers than the reader's
    ARCHIVE = "archive"  # older than the archive rule allows without membership
    UNKNOWN = "unknown-access"  # an access level this code does not know


@dataclass(frozen=True)
class StoryFacts:
    id: int | None
    access: str
    published_at: datetime | None
    tiers: frozenset[str] = field(default_factory=frozenset)  # empty: any paid tier


@dataclass(frozen=True)
class MeterState:
    limit: int
    read: frozenset[int] = field(default_factory=frozenset)  # story ids read in the window


@dataclass(frozen=True)
class Decision:
    full: bool
    reason: str
    counts: bool = False  # reading now uses up one story of the meter

    @property
    def public(self) -> bool:
        """True when every reader gets the same page, so it may be shared by caches."""
        return self.reason == Reason.FREE

    @property
    def variant(self) -> str:
        return "full" if self.full else "cut"

    @property
    def cache_variant(self) -> str:
        """The text this reader gets, as caches that keep one copy per text name it:
        "public" (the same page for everyone), "full" or "cut" (a gated story)."""
        return "public" if self.public else self.variant


NO_METER = MeterState(limit=0)


def is_archived(story: StoryFacts, now: datetime, archive_days: int) -> bool:
    return (
        archive_days > 0
        and story.published_at is not None
        and now - story.published_at > timedelta(days=archive_days)
    )


def can_read(
    story: StoryFacts, reader: Reader, meter: MeterState, now: datetime, *, archive_days: int = 0
) -> Decision:
    """May ``reader`` read the whole of ``story`` now? ``archive_days`` 0 turns the archive rule off."""
    archived = is_archived(story, now, archive_days)
    if story.access == AccessLevel.FREE and not archived:
        return Decision(True, Reason.FREE)
    if reader.is_staff:
        return Decision(True, Reason.STAFF)
    if reader.kind == MEMBER_KIND and story.access == AccessLevel.MEMBERS and story.tiers and not (
        story.tiers & reader.tiers
    ):
        return Decision(False, Reason.TIER)
    if reader.kind == MEMBER_KIND:
        return Decision(True, Reason.MEMBER)
    if archived:
        return Decision(False, Reason.ARCHIVE)
    if story.access == AccessLevel.MEMBERS:
        return Decision(False, Reason.MEMBERS_ONLY)
    if story.access != AccessLevel.METERED:
        return Decision(False, Reason.UNKNOWN)
    if story.id in meter.read:
        return Decision(True, Reason.ALREADY_READ)
    if len(meter.read) < meter.limit:
        return Decision(True, Reason.METER, counts=True)
    return Decision(False, Reason.METER_SPENT)


def free_stories_left(
    story: StoryFacts, reader: Reader, meter: MeterState, now: datetime, *, archive_days: int = 0
) -> int | None:
    """How many more metered stories ``reader`` may read free, told on a story they read on
    the meter once they have used more than half of it; None when there is nothing to tell
    (a free story, a member, staff, the cut, or most of the meter still unused)."""
    decision = can_read(story, reader, meter, now, archive_days=archive_days)
    if decision.reason != Reason.ALREADY_READ:  # the page they are on was counted
        return None
    if 2 * len(meter.read) <= meter.limit:
        return None
    return max(0, meter.limit - len(meter.read))
