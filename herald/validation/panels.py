from django.forms import Media
from wagtail.admin.panels import Panel

# Where the report sits in the story's edit form: the id Wagtail gives the report
# panel's section (from its heading, "Desk validation report", on the content tab).
REPORT_ANCHOR = "panel-child-content-desk_validation_report-section"


def saved_report(request, page):
    """The saved story's report, worked out once per request for the summary and the
    report panels (None before the story is saved with a body)."""
    from herald.validation.stories import report_for

    if not (page.pk and page.body):
        return None
    reports = request.__dict__.setdefault("_herald_validation_reports", {})
    if page.pk not in reports:
        reports[page.pk] = report_for(page)
    return reports[page.pk]


class ValidationReportPanel(Panel):
    """The assistant's report in the story editor, refreshed as the reporter writes."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "validation/panel.html"

        def get_context_data(self, parent_context=None):
            from herald.validation.actions import may_dismiss

            context = super().get_context_data(parent_context)
            page = self.instance
            context["report"] = saved_report(self.request, page)
            context["page_id"] = page.pk
            context["can_dismiss"] = bool(page.pk) and may_dismiss(self.request.user, page)
            return context

        @property
        def media(self):
            return Media(js=["validation/panel.js"])


class ValidationSummaryPanel(Panel):
    """At the top of the story's content tab: how many findings the report holds and a
    link to it. The report itself sits at the foot of the tab, after the body it reads,
    where an editor opening the story would not see it without scrolling the whole story."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "validation/summary.html"

        def is_shown(self):
            return bool(self.instance.pk and self.instance.body)

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["report"] = saved_report(self.request, self.instance)
            context["report_anchor"] = REPORT_ANCHOR
            return context
