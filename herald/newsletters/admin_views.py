"""Sends in the Wagtail admin: each issue's progress, a test to oneself, sending now."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import TemplateView, View
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from herald.core.errors import HeraldError
from herald.newsletters import actions
from herald.newsletters.models import Delivery, Issue

PERMISSION = "newsletters.change_newsletter"


class PublisherOnly:
    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def _with_counts(issues):
    statuses = Delivery.Status
    return issues.annotate(**{
        f"n_{status}": Count("deliveries", filter=Q(deliveries__status=status))
        for status in statuses.values})


class SendsView(PublisherOnly, WagtailAdminTemplateMixin, TemplateView):
    page_title = "Newsletter sends"
    header_icon = "mail"
    template_name = "newsletters/admin/sends.html"

    def get_breadcrumbs_items(self):
        # The header shows the last breadcrumb; Wagtail's default is "Home" alone.
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        issues = _with_counts(Issue.objects.select_related("newsletter"))
        context["issues"] = issues.order_by("-created_at")[:100]
        return context


class SendView(PublisherOnly, WagtailAdminTemplateMixin, TemplateView):
    header_icon = "mail"
    template_name = "newsletters/admin/send.html"

    def get_page_title(self):
        return f"Send: {self.issue.subject}"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items,
                {"url": reverse("newsletters_sends:index"), "label": SendsView.page_title},
                {"url": "", "label": self.get_page_title()}]

    def dispatch(self, request, *args, pk, **kwargs):
        self.issue = get_object_or_404(Issue.objects.select_related("newsletter"), pk=pk)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            issue=self.issue, counts=self.issue.counts(),
            problems=self.issue.deliveries.filter(
                status__in=[Delivery.Status.FAILED, Delivery.Status.IN_DOUBT]).order_by("id")[:200],
            stories=actions.stories_of(self.issue),
        )
        return context


class SendActionView(PublisherOnly, View):
    """POST: "test" sends the issue to the publisher alone; "send" queues it for everyone."""

    def post(self, request, pk, what):
        issue = get_object_or_404(Issue, pk=pk)
        try:
            if what == "test":
                to = actions.send_test(issue, to_user=request.user)
                messages.success(request, f"A test went to {to}.")
            elif what == "send":
                actions.queue(issue)
                messages.success(request, "Queued: the task worker is sending it.")
            else:
                raise PermissionDenied
        except HeraldError as error:
            messages.error(request, error.message)
        return redirect(reverse("newsletters_sends:send", args=[issue.pk]))
