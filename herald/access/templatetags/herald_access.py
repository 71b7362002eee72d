from django import template
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html

from herald.access.entitlement import decision_for, reader_of
from herald.access.policy import Reason

register = template.Library()

HEADINGS = {
    # The editable prompt under it says why (the free stories are used up); the heading says what next.
    Reason.METER_SPENT: "Keep reading with a membership",
    Reason.ARCHIVE: "From our archive",
    Reason.TIER: "This story is for other members",
    Reason.MEMBERS_ONLY: "Become a member to read on",
}
DEFAULT_HEADING = "This story is for members"
# Only more free stories are on offer to a free subscriber: the sign-up button
# appears where it unlocks something, never under a members-only story.
SUBSCRIBING_HELPS = {Reason.METER_SPENT}


@register.simple_tag(takes_context=True)
def paywall_prompt(context, page):
    """Where the story stops for a reader without access: subscribe, become a member, sign in."""
    request = context.get("request")
    decision = decision_for(request, page)
    if decision.full:
        return ""
    from herald.access.models import AccessSettings

    settings = (
        AccessSettings.for_request(request) if request is not None
        else AccessSettings.for_site(page.get_site())
    )
    reader = reader_of(request)
    text = settings.prompt_for(decision.reason)
    if decision.reason == Reason.TIER:
        text = f"{tier_sentence(page)} Change your membership to read it.".strip()
    elif decision.reason == Reason.MEMBERS_ONLY:
        text = f"{text} {tier_sentence(page)}".strip()
    return render_to_string(
        "access/paywall_prompt.html",
        {
            "heading": HEADINGS.get(decision.reason, DEFAULT_HEADING),
            "text": text,
            "reason": decision.reason,
            "reader": reader,
            "offer_subscription": decision.reason in SUBSCRIBING_HELPS,
            "next": page.url,
        },
    )


@register.simple_tag(takes_context=True)
def meter_note(context, page):
    """The line under the byline where ``herald.js`` writes "2 free stories left this
    month", fetched from ``/meter/<id>/`` after load, on stories read on the meter.

    The page is the same for every reader who reads it on the meter (the page caches
    keep it), so it carries only the empty line, its height reserved so the words
    shift nothing; members, free stories and the cut get no line. Without
    JavaScript the line stays empty.
    """
    decision = decision_for(context.get("request"), page)
    if decision.reason not in METERED_READS:
        return ""
    return format_html(
        '<p class="meter-note" data-meter-note="{}" aria-live="polite"></p>',
        reverse("meter-note", args=[page.pk]),
    )


METERED_READS = {Reason.METER, Reason.ALREADY_READ}


def tier_sentence(page) -> str:
    """"It is for members of the Supporter and Patron tiers." for a story restricted to tiers."""
    names = [tier.name for tier in page.access_tiers.order_by("sort_order", "name")]
    if not names:
        return ""
    listed = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
    return f"It is for members of the {listed} tier{'s' if len(names) > 1 else ''}."
