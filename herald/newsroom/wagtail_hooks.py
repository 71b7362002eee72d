"""The desk's workflow in Wagtail's admin: action labels and the dashboard."""

from __future__ import annotations

from wagtail import hooks
from wagtail.admin.action_menu import WorkflowMenuItem
from wagtail.admin.ui.components import Component

from herald.newsroom.review import blocked_reviews


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
