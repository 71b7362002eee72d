"""State changes of the assistant, one function each: used by views, the CLI and tests."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from wagtail.log_actions import log

from herald.newsroom.models import is_desk_editor
from herald.validation.dismissals import DismissedFinding
from herald.validation.labels import check_label


def may_dismiss(user, page) -> bool:
    """Only the desk's editors decide that a finding is not a problem."""
    desk = getattr(page, "desk", None)
    return bool(
        user is not None
        and user.is_authenticated
        and (user.is_superuser or (desk is not None and is_desk_editor(user, desk)))
    )


@transaction.atomic
def dismiss_finding(page, finding, *, by) -> DismissedFinding:
    """Mark one finding "not a problem" on this story; it is left out of later reports."""
    if not may_dismiss(by, page):
        raise PermissionDenied(
            "Only an editor of this story's desk can mark a finding not a problem."
        )
    dismissal, created = DismissedFinding.objects.get_or_create(
        page_id=page.pk,
        fingerprint=finding.fingerprint,
        defaults={"check_name": finding.check, "evidence": finding.evidence, "dismissed_by": by},
    )
    if created:
        log(
            instance=page,
            action="herald.validation.dismissed",
            user=by,
            data={"check": finding.check, "evidence": finding.evidence},
        )
    return dismissal


@transaction.atomic
def restore_finding(page, fingerprint: str, *, by) -> bool:
    """Undo a dismissal: the finding is reported again. False if there was none."""
    if not may_dismiss(by, page):
        raise PermissionDenied("Only an editor of this story's desk can restore a finding.")
    dismissal = DismissedFinding.objects.filter(page_id=page.pk, fingerprint=fingerprint).first()
    if dismissal is None:
        return False
    dismissal.delete()
    log(
        instance=page,
        action="herald.validation.restored",
        user=by,
        data={"check": dismissal.check_name, "evidence": dismissal.evidence},
    )
    return True


def describe(data: dict) -> str:
    return f"{check_label(data.get('check', ''))}: “{data.get('evidence', '')}”"
