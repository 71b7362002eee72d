"""The revenue dashboard in the Wagtail admin."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from herald.memberships import revenue
from herald.memberships.charts import Bar, bar_chart
from herald.memberships.models import Donation

REVENUE_PERMISSION = "memberships.view_donation"


class RevenueDashboardView(WagtailAdminTemplateMixin, TemplateView):
    page_title = "Revenue"
    header_icon = "pick"
    template_name = "memberships/admin/revenue.html"

    def get_breadcrumbs_items(self):
        # The header shows the last breadcrumb; Wagtail's default is "Home" alone.
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(REVENUE_PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        data = revenue.figures()
        labels = [week.label for week in data.weeks]

        def weekly(title, values):
            return bar_chart(title, [Bar(label, float(v)) for label, v in
                                     zip(labels, values, strict=True)])

        charts = [
            bar_chart("Active members by tier", [Bar(name, n) for name, n in data.members_by_tier]),
            weekly("Newsletter sign-ups per week", data.signups),
            weekly("New members per week", data.member_joins),
            weekly("Cancellations per week", data.cancellations),
        ]
        for currency, totals in sorted(data.donations.items()):
            charts.append(weekly(f"Donations per week ({currency})", totals))
        context.update(figures=data, charts=charts,
                       recent_donations=Donation.objects.filter(status="paid")[:10])
        return context
