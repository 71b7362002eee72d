"""Who may approve a story waiting for its desk, and why someone may not.

Read by the dashboard, so an editor who cannot approve a story in their desk's
queue is told why and who can, instead of seeing it with no actions.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from wagtail.models import TaskState

from herald.newsroom.models import DeskValidationTask


@dataclass(frozen=True)
class Blocked:
    story: object
    desk: object
    reason: str
    approvers: list[str]


def display_name(user) -> str:
    return user.get_full_name() or user.get_username()


def why_not(task: DeskValidationTask, page, user) -> str:
    """Why ``user`` (a desk editor) may not approve ``page``, in words."""
    if page.owner_id == user.pk:
        return "You wrote this story; the desk's rule is that nobody approves their own work."
    return (
        "You made the latest edit to this story; the desk's rule is that an editor "
        "who changed the text does not also approve it."
    )


def approvers(task: DeskValidationTask, page) -> list[str]:
    """The desk's editors who may approve ``page`` now."""
    if not task.desk.editors_id:
        return []
    editors = get_user_model().objects.filter(groups=task.desk.editors_id, is_active=True)
    return [display_name(u) for u in editors.order_by("first_name", "username")
            if not task.conflict_of_interest(page, u)]


def blocked_reviews(user) -> list[Blocked]:
    """Stories in the queues of the desks ``user`` edits that ``user`` may not approve."""
    blocked = []
    states = (
        TaskState.objects.filter(status=TaskState.STATUS_IN_PROGRESS,
                                 task__in=DeskValidationTask.objects.all())
        .select_related("workflow_state").order_by("-started_at")
    )
    for state in states:
        task = state.task.specific
        if not task.user_can_access_editor(None, user):
            continue
        page = state.workflow_state.content_object.specific
        if not task.conflict_of_interest(page, user):
            continue
        blocked.append(Blocked(page, task.desk, why_not(task, page, user), approvers(task, page)))
    return blocked
