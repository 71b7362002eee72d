from wagtail.admin.panels import Panel


class ValidationReportPanel(Panel):
    """The assistant's report in the story editor, refreshed as the reporter writes."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "validation/panel.html"

        def get_context_data(self, parent_context=None):
            from herald.validation.actions import may_dismiss
            from herald.validation.stories import report_for

            context = super().get_context_data(parent_context)
            page = self.instance
            context["report"] = report_for(page) if page.pk and page.body else None
            context["page_id"] = page.pk
            context["can_dismiss"] = bool(page.pk) and may_dismiss(self.request.user, page)
            return context

        @property
        def media(self):
            from django.forms import Media

            return Media(js=["validation/panel.js"])
