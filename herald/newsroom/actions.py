"""Every change to a desk or a story's validation goes through these functions:
views, the admin hooks, the CLI, the demo loader and the tests call them alike."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    TaskState,
    Workflow,
    WorkflowPage,
    WorkflowState,
    WorkflowTask,
)

from herald.newsroom.models import (
    SEND_BACK_NEEDS_COMMENT,
    DeskPage,
    DeskValidationTask,
    is_desk_editor,
    is_desk_reporter,
)
from herald.newsroom.permissions import desk_of

REPORTER_PAGE_PERMISSIONS = ("add_page", "change_page")
EDITOR_PAGE_PERMISSIONS = ("add_page", "change_page", "lock_page", "unlock_page")
IMAGE_PERMISSIONS = ("add_image", "choose_image")


def _page_permission(codename: str) -> Permission:
    return Permission.objects.get(
        content_type=ContentType.objects.get_for_model(Page), codename=codename
    )


@transaction.atomic
def setup_desk(desk: DeskPage) -> DeskPage:
    """Give a desk its editors and reporters groups, their permissions and its
    validation workflow. Safe to run again: it only adds what is missing."""
    admin_access = Permission.objects.get(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    changed = []
    if desk.editors_id is None:
        desk.editors, _ = Group.objects.get_or_create(name=f"{desk.title} editors")
        changed.append("editors")
    if desk.reporters_id is None:
        desk.reporters, _ = Group.objects.get_or_create(name=f"{desk.title} reporters")
        changed.append("reporters")
    if changed:
        DeskPage.objects.filter(pk=desk.pk).update(
            **{f"{name}_id": getattr(desk, f"{name}_id") for name in changed}
        )

    root_collection = Collection.get_first_root_node()
    for group, codenames in (
        (desk.reporters, REPORTER_PAGE_PERMISSIONS),
        (desk.editors, EDITOR_PAGE_PERMISSIONS),
    ):
        group.permissions.add(admin_access)
        for codename in codenames:
            GroupPagePermission.objects.get_or_create(
                group=group, page=desk, permission=_page_permission(codename)
            )
        for codename in IMAGE_PERMISSIONS:
            GroupCollectionPermission.objects.get_or_create(
                group=group,
                collection=root_collection,
                permission=Permission.objects.get(
                    content_type__app_label="wagtailimages", codename=codename
                ),
            )

    task, _ = DeskValidationTask.objects.get_or_create(
        desk=desk, defaults={"name": f"{desk.title} validation"}
    )
    workflow, _ = Workflow.objects.get_or_create(name=f"{desk.title} validation")
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page=desk, defaults={"workflow": workflow})
    return desk


def add_reporter(desk: DeskPage, user) -> None:
    user.groups.add(desk.reporters)


def add_editor(desk: DeskPage, user) -> None:
    user.groups.add(desk.editors)


def submit_to_desk(page, *, by) -> None:
    """Send the story's latest revision to its desk for validation."""
    desk = desk_of(page)
    if desk is None:
        raise PermissionDenied("This page does not belong to a desk.")
    if not (is_desk_reporter(by, desk) or is_desk_editor(by, desk) or by.is_superuser):
        raise PermissionDenied(f"Only members of the {desk.title} can submit its stories.")
    state = page.current_workflow_state
    if state is not None and state.status == WorkflowState.STATUS_IN_PROGRESS:
        raise PermissionDenied("This story is already waiting for its desk.")
    if page.get_latest_revision() is None:
        page.save_revision(user=by)
    if state is not None:
        # Sent back earlier: the same workflow resumes with the new revision.
        state.resume(user=by)
    else:
        page.get_workflow().start(page, by)


def _current_task_state(page):
    # Only a task still in progress can be acted on; a story that was sent
    # back waits for its reporter to resubmit it.
    task_state = page.current_workflow_task_state
    if task_state is None or task_state.status != TaskState.STATUS_IN_PROGRESS:
        raise PermissionDenied("This story is not waiting for its desk.")
    return task_state


def approve(page, *, by, comment: str = "", acknowledged=(), send_to_newsletters=False) -> None:
    """Approve the story for its desk, which publishes it (or schedules it).

    `acknowledged` names the validation findings the editor has acknowledged;
    `send_to_newsletters` sends it to its newsletters' subscribers once published.
    """
    task_state = _current_task_state(page)
    task_state.task.specific.on_action(
        task_state, by, "approve", comment=comment, acknowledged=list(acknowledged),
        send_to_newsletters=send_to_newsletters,
    )


def send_back(page, *, by, comment: str) -> None:
    """Return the story to its reporter with the editor's comment (required)."""
    if not comment.strip():
        raise PermissionDenied(SEND_BACK_NEEDS_COMMENT)
    task_state = _current_task_state(page)
    task_state.task.specific.on_action(task_state, by, "reject", comment=comment)
