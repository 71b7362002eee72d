from django.core.exceptions import PermissionDenied
from django.urls import path
from wagtail import hooks
from wagtail.log_actions import log
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from herald.validation.policy import DeskValidationPolicy
from herald.validation.stories import blocking_findings, finding_id
from herald.validation.views import live_report


class DeskValidationPolicyViewSet(SnippetViewSet):
    model = DeskValidationPolicy
    icon = "tasks"
    menu_label = "Validation policies"
    list_display = ["desk", "enabled_checks", "blocking_severities"]


register_snippet(DeskValidationPolicyViewSet)


@hooks.register("register_admin_urls")
def validation_urls():
    return [path("validation/report/<int:page_id>/", live_report, name="herald_validation_report")]


@hooks.register("register_log_actions")
def register_acknowledgement_log(actions):
    actions.register_action(
        "herald.validation.acknowledged", "Acknowledge validation findings",
        "Acknowledged validation findings",
    )


@hooks.register("herald_before_desk_approval")
def require_acknowledged_findings(page, user, acknowledged, task):
    """Refuse approval until every blocking finding is acknowledged; record them."""
    findings = blocking_findings(page)
    missing = [f for f in findings if finding_id(f) not in set(acknowledged)]
    if missing:
        listed = "; ".join(f"{f.check}: “{f.evidence}”" for f in missing[:5])
        raise PermissionDenied(
            f"Acknowledge each open validation finding before approving ({len(missing)} left: {listed})."
        )
    if findings:
        log(
            instance=page, action="herald.validation.acknowledged", user=user,
            data={"findings": [
                {"check": f.check, "severity": f.severity, "evidence": f.evidence, "message": f.message}
                for f in findings
            ]},
        )
