from django.apps import AppConfig


class ValidationConfig(AppConfig):
    name = "herald.validation"
    label = "validation"
    verbose_name = "Desk validation assistant"

    def ready(self):
        """Add the report panel to the story editor.

        Imported late, here and not at module level: models can be imported
        only once the app registry is ready.
        """
        from herald.articles.models import ArticlePage
        from herald.validation.panels import ValidationReportPanel, ValidationSummaryPanel

        # The report sits at the foot of the story's content tab, after the body it
        # reads; its summary, with a link to it, at the top, where the editor starts.
        ArticlePage.content_panels = [
            ValidationSummaryPanel(heading="Desk validation"),
            *ArticlePage.content_panels,
            ValidationReportPanel(heading="Desk validation report"),
        ]
