"""The story's views in Wagtail's admin, in the newsroom's words.

``StoryViewSet`` (registered in ``wagtail_hooks``) is the newsroom's page
viewset (``newsroom.admin_views.PageViewSetInWords``: Wagtail's, each view that
can refuse saying why) for ``ArticlePage``, with these views changed:

* ``StoryCreateView``: no autosave while a story is being added. Wagtail 8's
  autosave creates the page behind the reporter's back on their first
  keystrokes; a form that then fails, or is sent again from another tab or
  after a reload, tries to create the same slug a second time ("slug already in
  use") and leaves an untitled draft behind. A story is created when its
  reporter saves or submits it; from then on the edit view autosaves as usual.
* ``StoryUnpublishView``: a desk's editors withdraw its stories; the admin says
  so (its confirmation included), and a refusal says why and who may.
* ``StoryEditView``: the header's "More" menu says "Withdraw" for Wagtail's
  "Unpublish" (``withdraw_not_unpublish``; the edit page's own menu and the
  listings' rows through hooks in ``wagtail_hooks``). Only stories are withdrawn:
  the publication's other pages keep "Unpublish" (docs/development.md).
* ``DeskWorkflowActionView``: after an editor approves or sends back a story
  the admin says what happened (published, or scheduled for when, and what the
  ``herald_story_approved_notes`` hooks report: the newsletters sending it; sent
  back to whom), where Wagtail says nothing.
* The desk's approval, its form and preview refuse in words
  (``RefusesInWords``), as adding, edit, delete, move, copy, restoring a
  revision, lock and unlock do for every page: the refusal says the newsroom's
  reason (``permissions.why_refused``) where Wagtail says only "Sorry, you do
  not have permission to access this area."

``story_saved_messages`` gives Wagtail's "submitted for moderation" the desk's
words ("submitted to Europe Desk for validation"), and its "Page '…' created" /
"has been updated" the story's ("saved as a draft"), or, after an approval or a
send-back from the edit page's menu, what that did (``desk_action_message``).
"""

from __future__ import annotations

import re

from django.contrib import messages as django_messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.functional import cached_property
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.views.pages.unpublish import UnpublishView
from wagtail.admin.views.pages.workflow import (
    CollectWorkflowActionDataView,
    PreviewRevisionForTaskView,
    WorkflowActionView,
)
from wagtail.models import TaskState

from herald.articles.models import ArticlePage
from herald.newsroom.admin_views import (
    CreateViewInWords,
    EditViewInWords,
    PageViewSetInWords,
    RefusesInWords,
)
from herald.newsroom.permissions import why_not_unpublish
from herald.newsroom.review import posted_desk_action

# Wagtail's success messages for a submission and for a saved draft, as rendered (the
# title already escaped).
SUBMITTED = re.compile(r"Page (?:&#x27;|')(?P<title>.+?)(?:&#x27;|') (?P<created>created and )?"
                       r"(?:has been )?submitted for moderation\.")
SAVED = re.compile(r"Page (?:&#x27;|')(?P<title>.+?)(?:&#x27;|') (?:created|has been updated)\.")


class StoryCreateView(CreateViewInWords):
    """Adding a story: no autosave until the reporter first saves or submits it."""

    def get_context_data(self, **kwargs):
        self.autosave_enabled = False  # set from WAGTAIL_AUTOSAVE_INTERVAL in dispatch()
        return super().get_context_data(**kwargs)


def approval_message(page) -> str:
    """"‘Headline’ approved and published." or "… approved: it will be published on
    6 December 2026 at 07:00." (scheduled: the story's go-live time lies ahead)."""
    title = f"‘{page.get_admin_display_title()}’"
    scheduled = page.scheduled_revision
    if scheduled is not None and scheduled.approved_go_live_at > timezone.now():
        when = timezone.localtime(scheduled.approved_go_live_at)
        return (f"{title} approved: it will be published on {format_date(when, 'j F Y')} "
                f"at {format_date(when, 'H:i')}.")
    return f"{title} approved and published."


def approval_notes(page, *, since, user=None) -> list[str]:
    """What the capabilities above the story did with it when it was approved (the
    newsletters that send it), one sentence each: every ``herald_story_approved_notes``
    hook is asked with the story, the moment the approval began and the editor who
    approved (``user``: so a note points only at screens that editor may open). The
    approval itself runs without a request (``story_approved``), so each capability
    reports from what it recorded, not from what it was told."""
    return [note for hook in hooks.get_hooks("herald_story_approved_notes")
            for note in hook(page=page, since=since, user=user)]


class DeskWorkflowActionView(WorkflowActionView):
    """Wagtail's workflow action, then a message saying what it did."""

    def post(self, request, *args, **kwargs):
        started = timezone.now()
        response = super().post(request, *args, **kwargs)
        state = TaskState.objects.filter(pk=self.task_state.pk).values_list("status", flat=True)
        status = state.first()
        page = self.object.specific_deferred
        page.refresh_from_db()
        if status == TaskState.STATUS_APPROVED and self.action_name == "approve":
            messages.success(request, approved_message(page, since=started, user=request.user),
                             buttons=view_live_buttons(page))
        elif status == TaskState.STATUS_REJECTED and self.action_name == "reject":
            messages.success(request, sent_back_message(page))
        return response


def view_live_buttons(page) -> list:
    """The approval message's "View live" button, for a story that is live now."""
    return [messages.button(page.url, "View live", new_window=False)] if page.live else []


def approved_message(page, *, since, user=None) -> str:
    return " ".join([approval_message(page), *approval_notes(page, since=since, user=user)])


def sent_back_message(page) -> str:
    owner = (page.owner.get_full_name() or page.owner.get_username()) if page.owner else ""
    return (f"‘{page.get_admin_display_title()}’ sent back"
            f"{f' to {owner}' if owner else ''} with your comment.")


def desk_action_message(request, page) -> tuple[str, list]:
    """What an approval or a send-back made from the story's edit page menu did, in
    the words the dashboard's (``DeskWorkflowActionView``) use; "" when the edit
    page posted no desk action, or the action did not happen. Wagtail's own word
    for it is "Page '…' has been updated." (which would read "saved as a draft").
    Returns the message and its buttons ("View live" for a published story)."""
    action = posted_desk_action(request)
    if not action:
        return "", []
    state = (TaskState.objects.filter(workflow_state__in=page.workflow_states.all(),
                                      finished_by=request.user)
             .order_by("-finished_at", "-pk").first())
    if state is None:
        return "", []
    story = ArticlePage.objects.get(pk=page.pk)
    if action == "approve" and state.status == TaskState.STATUS_APPROVED:
        return (approved_message(story, since=state.finished_at, user=request.user),
                view_live_buttons(story))
    if action == "reject" and state.status == TaskState.STATUS_REJECTED:
        return sent_back_message(story), []
    return "", []


class StoryUnpublishView(UnpublishView):
    """Withdrawing a story (the desk's editors may: herald.newsroom.permissions), said in
    the newsroom's words; a refusal says why and who may, where Wagtail says only "Sorry,
    you do not have permission to access this area"."""

    page_title = "Withdraw"
    template_name = "articles/admin/confirm_withdraw.html"

    def dispatch(self, request, *args, **kwargs):
        page = self.object
        permissions = page.permissions_for_user(request.user)
        if not permissions.can_unpublish():
            messages.error(request, why_not_unpublish(request.user, page))
            if permissions.can_edit():
                return redirect("wagtailadmin_pages:edit", page.pk)
            return redirect("wagtailadmin_home")
        return super().dispatch(request, *args, **kwargs)

    def get_success_message(self):
        return (f"‘{self.object.get_admin_display_title()}’ withdrawn: readers no longer find "
                "it on the site, in the feeds or in search. Its text is kept as a draft.")


WITHDRAW = "Withdraw"


def withdraw_not_unpublish(buttons, page) -> list:
    """The story's "Unpublish" buttons among ``buttons`` (and inside their dropdowns) read
    "Withdraw", as a newsroom says it; Wagtail's other buttons are left as they are."""
    unpublish_url = reverse("wagtailadmin_pages:unpublish", args=[page.pk])
    for button in buttons:
        if (getattr(button, "url", None) or "").startswith(unpublish_url):
            button.label = WITHDRAW
        withdraw_not_unpublish(getattr(button, "dropdown_buttons", None) or [], page)
    return buttons


class StoryEditView(EditViewInWords):
    """The edit page's header ("More" menu) says "Withdraw" for "Unpublish"."""

    @cached_property
    def header_more_buttons(self):
        return withdraw_not_unpublish(super().header_more_buttons, self.page)


class StoryWorkflowActionView(RefusesInWords, DeskWorkflowActionView):
    refused_action = "review"


class StoryCollectWorkflowActionDataView(RefusesInWords, CollectWorkflowActionDataView):
    refused_action = "review"


class StoryWorkflowPreviewView(RefusesInWords, PreviewRevisionForTaskView):
    refused_action = "review"


class StoryViewSet(PageViewSetInWords):
    model = ArticlePage
    add_view_class = StoryCreateView
    edit_view_class = StoryEditView
    workflow_action_view_class = StoryWorkflowActionView
    collect_workflow_action_data_view_class = StoryCollectWorkflowActionDataView
    workflow_preview_view_class = StoryWorkflowPreviewView
    unpublish_view_class = StoryUnpublishView


def saved_as(page, desk) -> str:
    """What a saved story now is, after "Story ‘…’ saved": a published story's readers
    still see what the desk approved; a story in its desk's queue stays there (an editor
    who changes it there was told "saved as a draft", as if it had left the queue)."""
    if page.live:
        return "; readers see the published version until its desk approves the changes"
    if desk is not None and page.workflow_in_progress:
        return format_html("; it is still waiting for the {}’s validation", desk)
    return " as a draft"


def story_saved_messages(request, page) -> None:
    """Say the success message Wagtail just queued for a story in the newsroom's words,
    keeping its buttons (View draft, Edit): "submitted to <desk> for validation" for
    Wagtail's "submitted for moderation", "Story ‘…’ saved as a draft" for its "Page '…'
    created."; for a published story's saved draft, that readers still see what the desk
    approved; for a story in its desk's queue, that it is still waiting there (``saved_as``)."""
    storage = django_messages.get_messages(request)
    queued = list(storage)  # reading marks them used; keep them for the next page
    storage.used = False
    desk = conditional_escape(page.desk.title) if page.desk_id else None
    done, buttons = desk_action_message(request, page)
    for message in queued:
        if message.level != django_messages.SUCCESS:
            continue
        text = str(message.message)
        if done and SAVED.search(text):
            message.message = mark_safe(messages.render(done, buttons))  # the template escapes
            continue
        if desk is not None:
            text = SUBMITTED.sub(lambda match: format_html(
                "Story ‘{}’ {}submitted to {} for validation.",
                mark_safe(match["title"]), "created and " if match["created"] else "", desk,
            ), text)
        text = SAVED.sub(lambda match: format_html(
            "Story ‘{}’ saved{}.", mark_safe(match["title"]), saved_as(page, desk)), text)
        message.message = mark_safe(text)
