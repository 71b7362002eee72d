"""The desk's workflow in Wagtail's admin: action labels and the dashboard; every page
view's refusal in words."""

from __future__ import annotations

from django.http import JsonResponse
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.action_menu import WorkflowMenuItem
from wagtail.admin.ui.components import Component

from herald.newsroom.admin_views import PageViewSetInWords
from herald.newsroom.bulk_actions import BULK_ACTIONS
from herald.newsroom.review import blocked_reviews, refusal_after_own_changes


@hooks.register("register_admin_viewset")
def register_page_views_in_words():
    """The views of every page type that has no viewset of its own (the home, desk,
    support and letters pages) refuse in words. Registered for ``Page``, so after
    Wagtail's own default (its hook has order -1), which this one replaces."""
    return PageViewSetInWords()


# After Wagtail's own page bulk actions (order 0), which these replace.
for bulk_action in BULK_ACTIONS:
    hooks.register("register_bulk_action", bulk_action, order=1)


@hooks.register("construct_page_action_menu")
def approve_label_says_it_once(menu_items, request, context):
    """Wagtail adds " and Publish" to the final task's approve action; ours
    already says "Approve and publish"."""
    for item in menu_items:
        if isinstance(item, WorkflowMenuItem) and item.name == "approve":
            item.label = "Approve and publish"


class WaitingForAnotherEditorPanel(Component):
    """Stories in the editor's desk queue that another editor must approve, and why."""

    name = "waiting_for_another_editor"
    template_name = "newsroom/waiting_for_another_editor.html"
    order = 221  # just after Wagtail's "Awaiting your review"

    def __init__(self, request):
        self.blocked = blocked_reviews(request.user)

    def render_html(self, parent_context=None):
        return super().render_html(parent_context) if self.blocked else ""

    def get_context_data(self, parent_context=None):
        return {"blocked": self.blocked}


@hooks.register("construct_homepage_panels")
def add_waiting_for_another_editor(request, panels):
    panels.append(WaitingForAnotherEditorPanel(request))


@hooks.register("before_edit_page")
def save_changes_the_desk_rule_would_refuse(request, page):
    """An editor who changes a story and then approves it (or sends it back) from
    its edit page: Wagtail would save the change in their name, then the desk's
    rule would refuse them as its last editor with Wagtail's bare "Sorry, you do
    not have permission to access this area." Their change is saved as a plain
    save instead, and the message says why the story waits and who can approve it.
    An autosave never approves or sends back, and once the dialog has been answered
    it does nothing."""
    if request.method != "POST":
        return None
    if not request.accepts("text/html") and request.POST.get("action-workflow-action"):
        # Wagtail's autosave: a background post of the whole form, asking for JSON.
        # The approval dialog puts its answers into the form just before the form is
        # submitted, and the new fields make the form differ from the last save, so an
        # autosave may leave beside the editor's own submit, carrying them. Acted on, it
        # approved a second time (the later of the two found the task finished: a
        # crash); saved, it added a revision the editor never made, possibly after the
        # approval had published the story. The submit does the work: this does nothing.
        return JsonResponse(
            {"success": False, "error_code": "workflow_action_pending",
             "error_message": "Not saved in the background: the story is being "
                              "approved or sent back."},
            status=409,
        )
    refusal = refusal_after_own_changes(request, page)
    if refusal:
        request.POST = without_workflow_action(request.POST)
        messages.warning(request, refusal)
    return None


def without_workflow_action(posted):
    """The edit form's fields without the workflow action Wagtail's dialog added."""
    posted = posted.copy()
    for name in ("action-workflow-action", "workflow-action-name", "workflow-action-extra-data"):
        posted.pop(name, None)
    return posted
