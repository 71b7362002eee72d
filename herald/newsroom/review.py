"""Who may approve a story waiting for its desk, and why someone may not.

Read by the dashboard, so an editor who cannot approve a story in their desk's
queue is told why and who can, instead of seeing it with no actions; and by the
edit page, so an editor who changes a story and then approves it there is told
why that approval waits for another editor (``refusal_after_own_changes``).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from wagtail.models import PageSubscription, TaskState

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


def approvers(task: DeskValidationTask, page, *, besides=None) -> list[str]:
    """The desk's editors who may approve ``page`` now (other than ``besides``)."""
    if not task.desk.editors_id:
        return []
    editors = get_user_model().objects.filter(groups=task.desk.editors_id, is_active=True)
    if besides is not None:
        editors = editors.exclude(pk=besides.pk)
    return [display_name(u) for u in editors.order_by("first_name", "username")
            if not task.conflict_of_interest(page, u)]


def who_can_approve(task: DeskValidationTask, names: list[str]) -> str:
    if names:
        return f"{task.desk.title} editors who can: {', '.join(names)}."
    return f"No other {task.desk.title} editor can: ask the publisher to add one, or to publish it."


DESK_ACTIONS = {"approve": "approved", "reject": "sent back"}


def posted_desk_action(request) -> str:
    """The desk action ("approve" or "reject") that a story's edit form posted with its
    workflow menu, or "" when it posted none."""
    action = request.POST.get("workflow-action-name")
    if request.POST.get("action-workflow-action") and action in DESK_ACTIONS:
        return action
    return ""


def refusal_after_own_changes(request, page) -> str:
    """Why the desk action posted with ``page``'s edit form will be refused, in words;
    "" when it will not be.

    Wagtail saves the form's changes as a revision in the editor's name before it
    runs the action, so an editor who changed the story is its last editor by the
    time the desk's rule is asked. The form is built and compared as Wagtail's
    edit view does (``form.has_changed()``): a form posted back as loaded is no
    change, and Wagtail saves nothing before the action.
    """
    action = posted_desk_action(request)
    if not action:
        return ""
    task = page.current_workflow_task
    if not isinstance(task, DeskValidationTask) or not task.user_can_approve(page, request.user):
        return ""  # refused (or not offered) whatever the form says
    form = page.get_edit_handler().get_form_class()(
        request.POST, request.FILES, instance=page, parent_page=page.get_parent(),
        subscription=PageSubscription.objects.filter(page=page, user=request.user).first(),
        for_user=request.user,
    )
    if not form.has_changed() or not form.is_valid():
        return ""  # nothing saved first, or nothing saved at all: Wagtail says which fields
    return (f"Your changes are saved, but the story is not {DESK_ACTIONS[action]}: "
            f"{why_not(task, page, request.user)} "
            f"{who_can_approve(task, approvers(task, page, besides=request.user))}")


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
