"""The access decision as a table: reader kind × access level × age × meter state."""

from datetime import UTC, datetime, timedelta

import pytest

from herald.access.policy import (
    Decision,
    MeterState,
    Reason,
    StoryFacts,
    can_read,
    free_stories_left,
)
from herald.access.readers import Reader

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
FRESH = NOW - timedelta(days=3)
OLD = NOW - timedelta(days=400)

ANONYMOUS = Reader("anonymous")
SUBSCRIBER = Reader("subscriber", user_id=7)
MEMBER = Reader("member", tiers=frozenset({"supporter"}), user_id=8)
PATRON = Reader("member", tiers=frozenset({"patron"}), user_id=9)
EDITOR = Reader("subscriber", is_staff=True, user_id=1)

STORY_ID = 42
UNREAD = MeterState(limit=5, read=frozenset({1, 2}))  # two of five used
READ_BEFORE = MeterState(limit=5, read=frozenset({1, 2, STORY_ID}))
SPENT = MeterState(limit=5, read=frozenset({1, 2, 3, 4, 5}))
SPENT_INCLUDING = MeterState(limit=5, read=frozenset({1, 2, 3, 4, STORY_ID}))
ZERO_METER = MeterState(limit=0)


def story(access, published=FRESH, tiers=()):
    return StoryFacts(id=STORY_ID, access=access, published_at=published, tiers=frozenset(tiers))


FULL = True
CUT = False

CASES = [
    # reader, access, published, meter, archive days, full?, reason, counts
    (ANONYMOUS, "free", FRESH, UNREAD, 0, FULL, Reason.FREE, False),
    (ANONYMOUS, "free", OLD, SPENT, 0, FULL, Reason.FREE, False),
    (ANONYMOUS, "free", FRESH, SPENT, 365, FULL, Reason.FREE, False),
    (ANONYMOUS, "free", OLD, UNREAD, 365, CUT, Reason.ARCHIVE, False),
    (SUBSCRIBER, "free", OLD, UNREAD, 365, CUT, Reason.ARCHIVE, False),
    (MEMBER, "free", OLD, UNREAD, 365, FULL, Reason.MEMBER, False),
    (EDITOR, "free", OLD, UNREAD, 365, FULL, Reason.STAFF, False),
    (ANONYMOUS, "metered", FRESH, UNREAD, 0, FULL, Reason.METER, True),
    (ANONYMOUS, "metered", FRESH, READ_BEFORE, 0, FULL, Reason.ALREADY_READ, False),
    (ANONYMOUS, "metered", FRESH, SPENT, 0, CUT, Reason.METER_SPENT, False),
    (ANONYMOUS, "metered", FRESH, SPENT_INCLUDING, 0, FULL, Reason.ALREADY_READ, False),
    (ANONYMOUS, "metered", FRESH, ZERO_METER, 0, CUT, Reason.METER_SPENT, False),
    (ANONYMOUS, "metered", OLD, UNREAD, 365, CUT, Reason.ARCHIVE, False),
    (ANONYMOUS, "metered", OLD, UNREAD, 0, FULL, Reason.METER, True),
    (SUBSCRIBER, "metered", FRESH, UNREAD, 0, FULL, Reason.METER, True),
    (SUBSCRIBER, "metered", FRESH, SPENT, 0, CUT, Reason.METER_SPENT, False),
    (SUBSCRIBER, "metered", OLD, READ_BEFORE, 365, CUT, Reason.ARCHIVE, False),
    (MEMBER, "metered", FRESH, SPENT, 0, FULL, Reason.MEMBER, False),
    (MEMBER, "metered", OLD, SPENT, 365, FULL, Reason.MEMBER, False),
    (EDITOR, "metered", FRESH, SPENT, 0, FULL, Reason.STAFF, False),
    (ANONYMOUS, "members", FRESH, UNREAD, 0, CUT, Reason.MEMBERS_ONLY, False),
    (ANONYMOUS, "members", FRESH, READ_BEFORE, 0, CUT, Reason.MEMBERS_ONLY, False),
    (SUBSCRIBER, "members", FRESH, UNREAD, 0, CUT, Reason.MEMBERS_ONLY, False),
    (SUBSCRIBER, "members", OLD, UNREAD, 365, CUT, Reason.ARCHIVE, False),
    (MEMBER, "members", FRESH, UNREAD, 0, FULL, Reason.MEMBER, False),
    (MEMBER, "members", OLD, UNREAD, 365, FULL, Reason.MEMBER, False),
    (EDITOR, "members", FRESH, UNREAD, 0, FULL, Reason.STAFF, False),
    (ANONYMOUS, "paid-later", FRESH, UNREAD, 0, CUT, Reason.UNKNOWN, False),
    (MEMBER, "paid-later", FRESH, UNREAD, 0, FULL, Reason.MEMBER, False),
]


@pytest.mark.parametrize(
    "reader, access, published, meter, archive_days, full, reason, counts", CASES
)
def test_can_read(reader, access, published, meter, archive_days, full, reason, counts):
    decision = can_read(story(access, published), reader, meter, NOW, archive_days=archive_days)
    assert decision == Decision(full=full, reason=reason, counts=counts)


TIER_CASES = [
    # reader, story tiers, full?, reason
    (MEMBER, ("supporter",), FULL, Reason.MEMBER),
    (MEMBER, ("supporter", "patron"), FULL, Reason.MEMBER),
    (PATRON, ("supporter",), CUT, Reason.TIER),
    (PATRON, (), FULL, Reason.MEMBER),
    (ANONYMOUS, ("supporter",), CUT, Reason.MEMBERS_ONLY),
    (EDITOR, ("supporter",), FULL, Reason.STAFF),
]


@pytest.mark.parametrize("reader, tiers, full, reason", TIER_CASES)
def test_members_only_story_for_chosen_tiers(reader, tiers, full, reason):
    decision = can_read(story("members", tiers=tiers), reader, UNREAD, NOW)
    assert (decision.full, decision.reason) == (full, reason)


def test_archive_rule_applies_once_a_story_is_older_than_the_limit():
    on_the_day = story("free", published=NOW - timedelta(days=30))
    a_day_later = story("free", published=NOW - timedelta(days=30, seconds=1))
    assert can_read(on_the_day, ANONYMOUS, UNREAD, NOW, archive_days=30).full is True
    assert can_read(a_day_later, ANONYMOUS, UNREAD, NOW, archive_days=30).full is False


def test_unpublished_story_is_never_archived():
    draft = story("free", published=None)
    assert can_read(draft, ANONYMOUS, UNREAD, NOW, archive_days=1).reason == Reason.FREE


@pytest.mark.parametrize(
    "decision, public, variant",
    [
        (Decision(True, Reason.FREE), True, "full"),
        (Decision(True, Reason.MEMBER), False, "full"),
        (Decision(True, Reason.METER, counts=True), False, "full"),
        (Decision(False, Reason.METER_SPENT), False, "cut"),
    ],
)
def test_only_free_decisions_are_public(decision, public, variant):
    assert (decision.public, decision.variant) == (public, variant)


LEFT_CASES = [
    # reader, access, meter (this story counted or not), archive days, free stories left to tell
    (ANONYMOUS, "metered", MeterState(limit=5, read=frozenset({1, STORY_ID})), 0, None),
    (ANONYMOUS, "metered", MeterState(limit=5, read=frozenset({1, 2, STORY_ID})), 0, 2),
    (ANONYMOUS, "metered", MeterState(limit=5, read=frozenset({1, 2, 3, STORY_ID})), 0, 1),
    (ANONYMOUS, "metered", SPENT_INCLUDING, 0, 0),
    (ANONYMOUS, "metered", MeterState(limit=3, read=frozenset({1, 2, 3, 4, STORY_ID})), 0, 0),
    (SUBSCRIBER, "metered", MeterState(limit=5, read=frozenset({1, 2, STORY_ID})), 0, 2),
    (ANONYMOUS, "metered", MeterState(limit=5, read=frozenset({1, 2, 3})), 0, None),  # not counted
    (ANONYMOUS, "metered", SPENT, 0, None),  # the cut
    (ANONYMOUS, "metered", SPENT_INCLUDING, 1, None),  # archived: the cut
    (ANONYMOUS, "free", SPENT_INCLUDING, 0, None),
    (ANONYMOUS, "members", SPENT_INCLUDING, 0, None),
    (MEMBER, "metered", SPENT_INCLUDING, 0, None),
    (EDITOR, "metered", SPENT_INCLUDING, 0, None),
]


@pytest.mark.parametrize(("reader", "access", "meter", "archive_days", "left"), LEFT_CASES)
def test_free_stories_left_is_told_once_most_of_the_meter_is_used(reader, access, meter,
                                                                  archive_days, left):
    assert free_stories_left(story(access), reader, meter, NOW, archive_days=archive_days) == left
