"""Editorial access policy, changed by editors in the admin: Settings → Access."""

from __future__ import annotations

from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from herald.core.site_settings import VersionedSiteSetting


@register_setting(icon="lock")
class AccessSettings(VersionedSiteSetting, BaseSiteSetting):
    """The meter, the archive rule and the words of the paywall prompt."""

    meter_limit = models.PositiveSmallIntegerField(
        default=5,
        help_text="Metered stories a reader without a membership may read in 30 days.",
    )
    archive_days = models.PositiveIntegerField(
        default=0,
        help_text="Stories older than this many days need a membership (the full archive). "
        "0 turns the archive rule off.",
    )
    meter_prompt = models.CharField(
        max_length=300,
        default="You have read your free stories for this month. Become a member to keep "
        "reading and get access to the full archive.",
        help_text="Shown where a metered story stops once the reader's meter is used up.",
    )
    members_prompt = models.CharField(
        max_length=300,
        default="This story is for members. Become a member to read it and get access to "
        "the full archive.",
        help_text="Shown where a members-only story stops.",
    )
    archive_prompt = models.CharField(
        max_length=300,
        default="This story is in our archive, which members read in full.",
        help_text="Shown where a story stops under the archive rule.",
    )

    panels = [
        MultiFieldPanel([FieldPanel("meter_limit"), FieldPanel("archive_days")], heading="Rules"),
        MultiFieldPanel(
            [FieldPanel("meter_prompt"), FieldPanel("members_prompt"), FieldPanel("archive_prompt")],
            heading="Paywall prompts",
        ),
    ]

    class Meta:
        verbose_name = "access"

    def prompt_for(self, reason: str) -> str:
        from herald.access.policy import Reason

        if reason == Reason.METER_SPENT:
            return self.meter_prompt
        if reason == Reason.ARCHIVE:
            return self.archive_prompt
        return self.members_prompt

