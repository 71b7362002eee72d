"""The editor's live report: the checks panel posts the text being written."""

import json

from django.core.exceptions import PermissionDenied
from django.http import HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.views.decorators.http import require_POST
from wagtail.models import Page

from herald.articles.datelines import with_dateline
from herald.validation import Story, validate_story
from herald.validation.actions import dismiss_finding, may_dismiss, restore_finding
from herald.validation.dismissals import dismissed_fingerprints
from herald.validation.panels import REPORT_ANCHOR
from herald.validation.stories import policy_for, report_for

MAX_CHARS = 200_000


@require_POST
def live_report(request, page_id: int):
    """Validate the unsaved text of a story (JSON in, report HTML and JSON out)."""
    page = get_object_or_404(Page, pk=page_id).specific
    if not page.permissions_for_user(request.user).can_edit():
        return JsonResponse({"error": "You cannot edit this story."}, status=403)
    try:
        data = json.loads(request.body[: MAX_CHARS * 2] or b"{}")
    except ValueError:
        return HttpResponseBadRequest("Send JSON.")
    body = str(data.get("body", ""))[:MAX_CHARS]
    if body.strip():
        body = with_dateline(body, str(data.get("dateline", ""))[:80])
    policy = policy_for(getattr(page, "desk", None))
    report = validate_story(
        Story(
            headline=str(data.get("headline", ""))[:500],
            standfirst=str(data.get("standfirst", ""))[:1000],
            body=body,
            kind=getattr(page, "kind", "news"),
        ),
        checks=policy.enabled_checks if policy else None,
    ).without(dismissed_fingerprints(page))
    return _report_json(request, page, report)


def _report_json(request, page, report) -> JsonResponse:
    """The report panel's HTML, the summary's at the top of the form, and the report."""
    return JsonResponse({
        "html": render_to_string(
            "validation/report.html",
            {"report": report, "page_id": page.pk,
             "can_dismiss": may_dismiss(request.user, page)},
            request=request,
        ),
        "summary": render_to_string(
            "validation/_summary.html", {"report": report, "report_anchor": REPORT_ANCHOR}
        ),
        **report.to_dict(),
    })


@require_POST
def dismiss(request, page_id: int):
    """Mark a finding of the saved story "not a problem" (or restore it): POST
    ``fingerprint`` and ``action`` (``dismiss`` or ``restore``)."""
    page = get_object_or_404(Page, pk=page_id).specific
    fingerprint = request.POST.get("fingerprint", "")
    action = request.POST.get("action", "dismiss")
    if action not in ("dismiss", "restore") or not fingerprint:
        return JsonResponse(
            {"error": "Send a fingerprint and action=dismiss or restore."}, status=400
        )
    try:
        if action == "restore":
            restore_finding(page, fingerprint, by=request.user)
        else:
            report = report_for(page)
            finding = next((f for f in report.findings if f.fingerprint == fingerprint), None)
            if finding is None:
                return JsonResponse(
                    {"error": "That finding is not in the saved story's report; save first."},
                    status=404,
                )
            dismiss_finding(page, finding, by=request.user)
    except PermissionDenied as error:
        return JsonResponse({"error": str(error)}, status=403)
    report = report_for(page)
    return _report_json(request, page, report)
