"""Django-side models of the assistant: each desk's choice of checks."""

from django.db import models
from wagtail.admin.panels import FieldPanel

from herald.newsroom.models import DeskPage
from herald.validation import CHECK_NAMES

SEVERITIES = [("warning", "Warnings"), ("info", "Information")]


def all_checks():
    return list(CHECK_NAMES)


def default_blocking():
    return ["warning"]


class DeskValidationPolicy(models.Model):
    """Which checks run for a desk's stories, and which severities need acknowledging."""

    desk = models.OneToOneField(
        DeskPage, on_delete=models.CASCADE, related_name="validation_policy"
    )
    enabled_checks = models.JSONField(default=all_checks, help_text="Names of the checks that run.")
    blocking_severities = models.JSONField(
        default=default_blocking,
        help_text="Findings of these severities must be acknowledged one by one before approval. "
        "Leave empty to only show the report.",
    )

    panels = [FieldPanel("desk"), FieldPanel("enabled_checks"), FieldPanel("blocking_severities")]

    class Meta:
        verbose_name = "desk validation policy"
        verbose_name_plural = "desk validation policies"

    def __str__(self):
        return f"{self.desk.title}: {len(self.enabled_checks)} checks"
