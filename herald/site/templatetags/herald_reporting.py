"""The reader-facing "How we reported this" box under a story.

It reads the desk validation assistant's sourcing analysis, but it is part of
the reader site (shown to every reader, cut by the paywall), so it lives here
rather than in ``validation``, which stays an editors' tool.
"""

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from wagtail.models import TaskState

from herald.access.entitlement import public_decision
from herald.access.paywall import open_paragraphs
from herald.articles.fragments import story_part
from herald.newsroom.models import PublicationSettings
from herald.validation.sourcing import sources
from herald.validation.stories import story_from_page

register = template.Library()

SOURCE_LABELS = {
    "person": "Named people",
    "institution": "Institutions",
    "document": "Documents",
    "state_media": "State-affiliated media",
    "anonymous": "Unnamed sources",
}


@register.simple_tag(takes_context=True)
def how_we_reported(context, page):
    """The reader-facing box: desk, when validated, sourcing summary, corrections.

    Only what every reader may read feeds the public summary: the box is shown
    to all, so it must not name a source from behind the cut. What is public
    changes with the archive rule, not only with a new revision, so it is part
    of the key (the variant: "public" or "cut"). Cached per revision.
    """
    request = context.get("request")
    decision = public_decision(page, request)

    def render() -> str:
        visible = page.paragraphs if decision.public else open_paragraphs(page)
        if request is not None:
            publication = PublicationSettings.for_request(request).name
        else:
            site = page.get_site()
            publication = PublicationSettings.for_site(site).name if site else ""
        return render_to_string("site/includes/how_we_reported.html",
                                _reader_box_context(page, visible, publication))

    return mark_safe(story_part(request, page, "how-we-reported", decision.cache_variant, render))


# Words that make a capitalised name an organisation, not a person
# ("Infrastructure Companies", "the Meridian Ledger", "Baltic Shipping Group").
_ORGANISATION_WORDS = frozenset("""
    companies company group groups association associations union unions council
    ledger times post news press daily journal gazette tribune herald chronicle
    review network networks bank banks fund funds agency agencies ministry office
    institute foundation partners holdings industries airlines railways workers
    operators committee coalition alliance federation league club party
""".split())


def _kind_of(source, publication: str) -> str | None:
    """The box's heading for a source; None for the publication itself."""
    words = [w.strip(".,'’").lower() for w in source.name.split()]
    if publication and publication.lower().removeprefix("the ") in source.name.lower():
        return None
    if source.kind == "person" and any(w in _ORGANISATION_WORDS for w in words):
        return "institution"
    return source.kind


def _reader_box_context(page, visible: list[str], publication: str):
    story = story_from_page(page, visible)
    grouped: dict[str, list[str]] = {}
    for source in sources(story):
        kind = _kind_of(source, publication)
        if kind is None:
            continue
        names = grouped.setdefault(kind, [])
        if source.name not in names:
            names.append(source.name)
    approval = (
        TaskState.objects.filter(
            workflow_state__object_id=str(page.pk), status=TaskState.STATUS_APPROVED
        ).order_by("-finished_at").first()
    )
    return {
        "page": page,
        "validated_at": approval.finished_at if approval else page.first_published_at,
        "sources": [(SOURCE_LABELS.get(kind, kind), names) for kind, names in grouped.items()],
        "corrections": list(page.corrections.all()),
    }
