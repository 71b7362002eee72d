"""Findings the desk has marked "not a problem" on a story, so they stay quiet.

A dismissal is keyed by the story and the finding's fingerprint (its check, field
and words, not its offsets), so it survives edits elsewhere in the story and
lapses by itself when the words it was about change.
"""

from django.conf import settings
from django.db import models


class DismissedFinding(models.Model):
    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="dismissed_findings"
    )
    fingerprint = models.CharField(max_length=40)
    check_name = models.CharField(max_length=40)
    evidence = models.TextField()
    dismissed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    dismissed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["page", "fingerprint"], name="one_dismissal_per_finding"
            )
        ]
        verbose_name = "finding marked not a problem"

    def __str__(self) -> str:
        return f"{self.check_name}: {self.evidence[:60]}"


def dismissed_fingerprints(page) -> set[str]:
    if not page.pk:
        return set()
    return set(
        DismissedFinding.objects.filter(page_id=page.pk).values_list("fingerprint", flat=True)
    )
