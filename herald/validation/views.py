"""The editor's live report: the checks panel posts the text being written."""

import json

from django.http import HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.views.decorators.http import require_POST
from wagtail.models import Page

from herald.articles.datelines import with_dateline
from herald.validation import Story, validate_story
from herald.validation.stories import policy_for

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
    )
    html = render_to_string("validation/report.html", {"report": report})
    return JsonResponse({"html": html, **report.to_dict()})
