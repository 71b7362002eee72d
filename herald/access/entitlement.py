"""Where requests meet the access decision.

``decision_for(request, page)`` is what every output path calls (the body,
the JSON-LD, the page cache's variants). It gathers the plain facts, asks
``policy.can_read`` and remembers the answer on the request, so one request
gets one decision however many templates ask. A read that counts is counted
on the meter's server copy as it is decided (``meter.claim``); the cookie is
written on the way out by ``herald.access.middleware``, which takes the read
back if the page was not served.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from herald.access import meter, policy
from herald.access.policy import NO_METER, Decision, StoryFacts, can_read
from herald.access.readers import ANONYMOUS, MEMBER_KIND, Reader, reader_for
from herald.articles.access_levels import AccessLevel


@dataclass(frozen=True)
class Rules:
    """The publication's access settings the decision needs."""

    meter_limit: int
    archive_days: int


DEFAULT_RULES = Rules(meter_limit=0, archive_days=0)


@dataclass
class AccessContext:
    """The decision made for the story this request serves."""

    story: StoryFacts
    decision: Decision
    reader: Reader
    reads: meter.Reads | None  # None when the meter was not consulted
    rules: Rules
    precomputed: bool  # made by the middleware, before the page was looked up
    version: int | None = None  # the content version the page was served under
    decided_at: datetime | None = None  # the clock reading the decision was made on

    @property
    def story_id(self) -> int | None:
        return self.story.id


def story_facts(page) -> StoryFacts:
    tiers = getattr(page, "access_tier_slugs", ())  # pages other than stories have none
    return StoryFacts(
        id=page.pk,
        access=page.access,
        published_at=page.first_published_at,
        tiers=frozenset(tiers),
    )


def rules_for_site(site) -> Rules:
    from herald.access.models import AccessSettings

    if site is None:
        return DEFAULT_RULES
    settings = AccessSettings.for_site(site)
    return Rules(meter_limit=settings.meter_limit, archive_days=settings.archive_days)


def rules_for_request(request) -> Rules:
    """The rules of the site ``request`` is for, looked up once per request (a story list asks
    for each story)."""
    rules = getattr(request, "herald_rules", None)
    if rules is None:
        from wagtail.models import Site

        rules = request.herald_rules = rules_for_site(Site.find_for_request(request))
    return rules


def needs_meter(story: StoryFacts, reader: Reader) -> bool:
    return story.access == AccessLevel.METERED and reader.kind != MEMBER_KIND and not reader.is_staff


def first_look(request, story: StoryFacts, reader: Reader, rules: Rules, now) -> tuple:
    """The decision from what the request itself carries (the meter cookie), and those reads.

    Final unless it counts a new read (``decision.counts``): then the server's
    copy of the meter must be read as well, for the cookie may have been
    deleted. A story in the cookie was read; a cookie that used up the meter
    cannot get fresher by adding the server's reads.
    """
    if not needs_meter(story, reader):
        return None, can_read(story, reader, NO_METER, now, archive_days=rules.archive_days)
    reads = meter.cookie_only(request)
    return reads, _with_reads(story, reader, reads, rules, now)


def _with_reads(story, reader, reads, rules, now) -> Decision:
    state = reads.state(rules.meter_limit, meter.day_of(now))
    return can_read(story, reader, state, now, archive_days=rules.archive_days)


def claim_read(request, story: StoryFacts, reader: Reader, rules: Rules, reads, now, *,
               fetch=(), fetch_if_refused=()) -> tuple:
    """The reader's reads with the server's copy (the cookie may have been deleted),
    this read counted if the policy, given what the store found, still says it
    counts; the policy's decision on them; and ``fetch``'s cache values, read in
    the same round trip where the store can (``meter.claim``). A HEAD request is
    answered without text and uses up nothing.

    The policy decides once: on the records the store found before counting,
    which is what the read is decided on.
    """
    decided: list[Decision] = []

    def counts(found: meter.Reads) -> bool:
        decided.append(_with_reads(story, reader, found, rules, now))
        return decided[-1].counts

    reads, fetched = meter.claim(request, reader, now, reads, story.id, counts=counts,
                                 fetch=fetch, fetch_if_refused=fetch_if_refused,
                                 count=request is not None and request.method == "GET")
    # The store asks the policy only about a read it would add; a story it holds already
    # (or a HEAD request) is decided here, on the same records.
    decision = decided[-1] if decided else _with_reads(story, reader, reads, rules, now)
    return reads, decision, fetched


def decide(request, story: StoryFacts, reader: Reader, rules: Rules, *, reads=None,
           decision: Decision | None = None, precomputed=False, now=None) -> AccessContext:
    """Decide for ``reader`` and remember the decision (and the meter read) on ``request``.

    ``reads`` are the reader's meter records when the caller has them already
    (the cookie's, from ``first_look``, or claimed), ``decision`` the policy's
    answer on them when the caller has it too (it is not asked again). ``now``:
    the caller's clock reading, when it took one.
    """
    now = now or timezone.now()
    if decision is None and reads is not None and needs_meter(story, reader):
        decision = _with_reads(story, reader, reads, rules, now)
    elif decision is None:
        reads, decision = first_look(request, story, reader, rules, now)
    if decision.counts and not reads.claimed:
        reads, decision, _ = claim_read(request, story, reader, rules, reads, now)
    context = AccessContext(story, decision, reader, reads, rules, precomputed, decided_at=now)
    if request is not None:
        request.herald_access = context
    return context


def decision_for(request, page) -> Decision:
    """The decision for the reader of ``request`` on ``page``; no request means an anonymous reader."""
    context = getattr(request, "herald_access", None)
    facts = story_facts(page)
    if context is not None and context.story == facts and facts.id is not None:
        return context.decision
    if request is None:
        # Rendered outside a request (e-mail, feeds): nobody in particular, no meter.
        return public_decision(page)
    from wagtail.models import Site

    rules = rules_for_site(Site.find_for_request(request))
    return decide(request, facts, reader_for(request), rules).decision


def public_decision(page, request=None, *, rules: Rules | None = None) -> Decision:
    """The decision for nobody in particular (no account, no meter): what every reader may read.

    ``request`` only lends the publication's rules it already looked up; ``rules``
    are those rules, for a caller deciding for many stories at once (a feed).
    """
    if rules is None:
        context = getattr(request, "herald_access", None)
        if context is not None:
            rules = context.rules
        elif request is not None:
            rules = rules_for_request(request)
        else:
            rules = rules_for_site(page.get_site())
    return can_read(story_facts(page), ANONYMOUS, NO_METER, timezone.now(),
                    archive_days=rules.archive_days)


def free_stories_left(request, page) -> int | None:
    """What the meter note on ``page`` tells the reader of ``request``
    (``policy.free_stories_left``), from the meter's records as they stand: the
    cookie and the server's copy, counting nothing."""
    facts = story_facts(page)
    reader = reader_for(request)
    if not needs_meter(facts, reader):
        return None
    from wagtail.models import Site

    rules = rules_for_site(Site.find_for_request(request))
    now = timezone.now()
    state = meter.load(request, reader, now).state(rules.meter_limit, meter.day_of(now))
    return policy.free_stories_left(facts, reader, state, now, archive_days=rules.archive_days)


def reader_of(request) -> Reader:
    """The reader the decision on this request was made for."""
    context = getattr(request, "herald_access", None)
    return context.reader if context is not None else reader_for(request)
