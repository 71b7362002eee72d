"""What the meter cookie alone decides, and when the server's copy must be read."""

from datetime import UTC, datetime

import pytest
from django.test import RequestFactory

from herald.access import meter
from herald.access.entitlement import Rules, first_look
from herald.access.policy import Reason, StoryFacts
from herald.access.readers import ANONYMOUS, Reader

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
TODAY = meter.day_of(NOW)
RULES = Rules(meter_limit=2, archive_days=0)
STORY = StoryFacts(id=9, access="metered", published_at=NOW)


def request_with(entries):
    req = RequestFactory().get("/europe/story/")
    if entries is not None:
        req.COOKIES[meter.COOKIE_NAME] = meter.cookie_value(entries)
    return req


@pytest.mark.parametrize(
    "cookie, reason, needs_server",
    [
        (None, Reason.METER, True),  # no cookie: it may have been deleted
        ({1: TODAY}, Reason.METER, True),  # room on the meter: the server may know more
        ({9: TODAY}, Reason.ALREADY_READ, False),  # read before: no new read
        ({1: TODAY, 2: TODAY}, Reason.METER_SPENT, False),  # more reads cannot free the meter
        ({1: TODAY - 40, 2: TODAY - 31}, Reason.METER, True),  # old reads left the window
    ],
)
def test_first_look(cookie, reason, needs_server):
    reads, decision = first_look(request_with(cookie), STORY, ANONYMOUS, RULES, NOW)
    assert decision.reason == reason
    assert (decision.counts and reads.server_key is None) == needs_server


def test_members_and_free_stories_never_look_at_the_meter():
    member = Reader("member", user_id=3)
    assert first_look(request_with({1: TODAY, 2: TODAY}), STORY, member, RULES, NOW) == (
        None, first_look(request_with(None), STORY, member, RULES, NOW)[1]
    )
    free = StoryFacts(id=10, access="free", published_at=NOW)
    reads, decision = first_look(request_with(None), free, ANONYMOUS, RULES, NOW)
    assert reads is None and decision.reason == Reason.FREE
