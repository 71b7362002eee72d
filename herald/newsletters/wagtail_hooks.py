"""Newsletters in the Wagtail admin: the newsletters themselves and each send's progress."""

from __future__ import annotations

from django.template.defaultfilters import pluralize
from django.template.loader import render_to_string
from django.urls import path
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from herald.newsletters import actions
from herald.newsletters.admin_views import PERMISSION, SendActionView, SendsView, SendView
from herald.newsletters.models import Issue, Newsletter


class NewsletterViewSet(ModelViewSet):
    model = Newsletter
    icon = "mail"
    menu_label = "Newsletters"
    list_display = ["name", "slug", "schedule", "active"]
    search_fields = ["name", "slug"]
    search_backend_name = None
    copy_view_enabled = False


class SendsMenuItem(MenuItem):
    def is_shown(self, request):
        return can_open_sends(request.user)


def can_open_sends(user) -> bool:
    """Sends are the publisher's (``admin_views.PublisherOnly``)."""
    return user is not None and user.has_perm(PERMISSION)


class SendsViewSet(ViewSet):
    """Shown only to those who may open it (``SendsMenuItem``: the publisher), so a desk's
    reporters and editors are not offered a screen that refuses them, and the Newsletters
    menu (shown when any of its items is) stays out of their way."""

    name = "newsletters_sends"
    icon = "mail"
    menu_label = "Sends"
    menu_item_class = SendsMenuItem

    def get_urlpatterns(self):
        return [
            path("", SendsView.as_view(), name="index"),
            path("<int:pk>/", SendView.as_view(), name="send"),
            path("<int:pk>/<str:what>/", SendActionView.as_view(), name="action"),
        ]


class NewslettersGroup(ModelViewSetGroup):
    menu_label = "Newsletters"
    menu_icon = "mail"
    menu_order = 260
    items = [NewsletterViewSet, SendsViewSet]


@hooks.register("register_admin_viewset")
def register_newsletters():
    return NewslettersGroup()


@hooks.register("herald_desk_approval_panel")
def send_to_newsletters_option(page, form=None):
    """The approve form's "Send to newsletter subscribers" box (DeskApprovalForm's
    ``send_to_newsletters``), ticked when one of the story's newsletters says so."""
    story = page.specific
    newsletters = actions.newsletters_for_story(story) if hasattr(story, "kind") else []
    lists = [(n, n.subscriber_count()) for n in newsletters]
    if form is not None and form.is_bound:
        checked = bool(form.data.get("send_to_newsletters"))
    else:
        checked = any(n.send_on_approval for n in newsletters)
    return render_to_string("newsletters/send_option.html", {"lists": lists, "checked": checked})


@hooks.register("herald_story_approved_notes")
def newsletters_sending_the_approved_story(page, since, user=None):
    """The approval message's word on newsletters: which send the story, to how many, and
    when (the issues made for it since the approval began). It points at *Newsletters ›
    Sends* only for someone who may open it (``user``, the approving editor)."""
    issues = list(Issue.objects.filter(story_id=page.pk, created_at__gte=since)
                  .select_related("newsletter").order_by("newsletter__name"))
    if not issues:
        return []
    counts = [(issue.newsletter.name, issue.newsletter.subscriber_count()) for issue in issues]
    lists = ", ".join(f"{name} ({count} subscriber{pluralize(count)})" for name, count in counts)
    statuses = {issue.status for issue in issues}
    if statuses == {Issue.Status.WAITING}:  # scheduled: the issues start when it goes live
        return [f"Newsletters: it goes to {lists} once it is published."]
    if statuses == {Issue.Status.DONE}:
        return [f"Newsletters: sent to {lists}."]
    if can_open_sends(user):
        return [f"Newsletters: sending it to {lists} (Newsletters › Sends shows the progress)."]
    return [f"Newsletters: sending it to {lists}."]
