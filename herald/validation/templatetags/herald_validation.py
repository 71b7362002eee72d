from django import template
from django.core.cache import cache
from django.template.loader import render_to_string

from herald.validation import labels
from herald.validation.stories import blocking_findings, finding_id, report_for

register = template.Library()
register.filter("check_label", labels.check_label)
register.filter("severity_label", labels.severity_label)
register.filter("field_label", labels.field_label)
register.filter("source_label", labels.source_label)

SOURCE_LABELS = {
    "person": "Named people",
    "institution": "Institutions",
    "document": "Documents",
    "state_media": "State-affiliated media",
    "anonymous": "Unnamed sources",
}


@register.simple_tag(takes_context=True)
def approval_checklist(context, page):
    """Each finding once: a checkbox for those the desk wants acknowledged, the
    others listed below them; the editor's earlier ticks survive a refusal."""
    page = page.specific
    report = report_for(page)
    blocking_list = blocking_findings(page, report)
    form = context.get("form")
    ticked = set(form.data.getlist("acknowledged")) if form is not None and form.is_bound else set()
    return render_to_string("validation/approval_checklist.html", {
        "report": report,
        "blocking": [(finding_id(f), f) for f in blocking_list],
        "notes": [f for f in report.findings if f not in blocking_list],
        "form": form,
        "ticked": ticked,
    })


@register.simple_tag(takes_context=True)
def how_we_reported(context, page):
    """The reader-facing box: desk, when validated, sourcing summary, corrections."""
    from herald.access.paywall import public_paragraphs

    # Only what every reader may read feeds the public summary: the box is
    # shown to all, so it must not name a source from behind the cut. What is
    # public changes with the archive rule, not only with a new revision, so
    # it is part of the key.
    request = context.get("request")
    visible = public_paragraphs(page, request)
    if getattr(request, "is_preview", False):
        # Unsaved text: readers must never get a box cached from an editor's preview.
        return render_to_string("validation/how_we_reported.html", _reader_box_context(page, visible))
    revision = page.latest_revision_id or 0
    key = f"how-we-reported:{page.pk}:{revision}:{len(visible)}"
    html = cache.get(key)
    if html is None:
        html = render_to_string("validation/how_we_reported.html", _reader_box_context(page, visible))
        cache.set(key, html, 24 * 3600)
    return html


def _reader_box_context(page, visible: list[str]):
    from wagtail.models import TaskState

    from herald.validation.sourcing import sources
    from herald.validation.stories import story_from_page

    story = story_from_page(page, visible)
    grouped: dict[str, list[str]] = {}
    for source in sources(story):
        names = grouped.setdefault(source.kind, [])
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
