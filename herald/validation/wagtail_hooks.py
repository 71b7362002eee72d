from django.core.exceptions import PermissionDenied
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import path
from django.utils.html import format_html
from wagtail import hooks
from wagtail.log_actions import LogFormatter, log
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from herald.validation.actions import describe
from herald.validation.labels import check_label
from herald.validation.policy import DeskValidationPolicy
from herald.validation.stories import blocking_findings, finding_id, report_for
from herald.validation.views import dismiss, live_report


class DeskValidationPolicyViewSet(SnippetViewSet):
    model = DeskValidationPolicy
    icon = "tasks"
    menu_label = "Validation policies"
    list_display = ["desk", "enabled_checks", "blocking_severities"]


register_snippet(DeskValidationPolicyViewSet)


@hooks.register("register_admin_urls")
def validation_urls():
    return [
        path("validation/report/<int:page_id>/", live_report, name="herald_validation_report"),
        path("validation/dismiss/<int:page_id>/", dismiss, name="herald_validation_dismiss"),
    ]


@hooks.register("register_log_actions")
def register_acknowledgement_log(actions):
    @actions.register_action("herald.validation.acknowledged")
    class AcknowledgedFindings(LogFormatter):
        label = "Acknowledge validation findings"

        def format_message(self, log_entry):
            findings = (log_entry.data or {}).get("findings") or []
            names = list(dict.fromkeys(check_label(f.get("check", "")) for f in findings))
            if not names:
                return "Acknowledged validation findings"
            return f"Acknowledged validation findings: {', '.join(names)}"

    @actions.register_action("herald.validation.dismissed")
    class DismissedFinding(LogFormatter):
        label = "Mark a validation finding not a problem"

        def format_message(self, log_entry):
            return f"Marked not a problem: {describe(log_entry.data or {})}"

    @actions.register_action("herald.validation.restored")
    class RestoredFinding(LogFormatter):
        label = "Restore a validation finding"

        def format_message(self, log_entry):
            return f"Reported again: {describe(log_entry.data or {})}"


def unacknowledged_findings_message(page, acknowledged, findings=None) -> str:
    """Why approval must wait ("" when every blocking finding is ticked)."""
    ticked = set(acknowledged)
    findings = blocking_findings(page) if findings is None else findings
    missing = [f for f in findings if finding_id(f) not in ticked]
    if not missing:
        return ""
    listed = "; ".join(f"{check_label(f.check)}: “{f.evidence}”" for f in missing[:5])
    more = f" and {len(missing) - 5} more" if len(missing) > 5 else ""
    count = "1 finding is" if len(missing) == 1 else f"{len(missing)} findings are"
    return (
        f"Tick each finding once you have checked it before approving: {count} "
        f"not ticked ({listed}{more})."
    )


@hooks.register("herald_desk_approval_panel")
def approval_checklist(page, form=None):
    """The report in the approve form: each finding once, a checkbox for those the
    desk wants acknowledged, the others listed below them; the editor's earlier
    ticks survive a refusal."""
    page = page.specific
    report = report_for(page)
    blocking_list = blocking_findings(page, report)
    ticked = set(form.data.getlist("acknowledged")) if form is not None and form.is_bound else set()
    return render_to_string(
        "validation/approval_checklist.html",
        {
            "report": report,
            "blocking": [(finding_id(f), f) for f in blocking_list],
            "notes": [f for f in report.findings if f not in blocking_list],
            "form": form,
            "ticked": ticked,
        },
    )


@hooks.register("herald_desk_approval_problems")
def unacknowledged_findings(page, acknowledged):
    message = unacknowledged_findings_message(page, acknowledged)
    return [message] if message else []


@hooks.register("herald_before_desk_approval")
def require_acknowledged_findings(page, user, acknowledged, task):
    """Refuse approval until every blocking finding is acknowledged; record them."""
    findings = blocking_findings(page)
    message = unacknowledged_findings_message(page, acknowledged, findings)
    if message:
        raise PermissionDenied(message)
    if findings:
        log(
            instance=page,
            action="herald.validation.acknowledged",
            user=user,
            data={
                "findings": [
                    {
                        "check": f.check,
                        "severity": f.severity,
                        "evidence": f.evidence,
                        "message": f.message,
                    }
                    for f in findings
                ]
            },
        )


@hooks.register("insert_global_admin_css")
def report_css():
    return format_html('<link rel="stylesheet" href="{}">', static("validation/report.css"))
