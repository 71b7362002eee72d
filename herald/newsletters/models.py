"""Newsletters, who receives them, and each issue's deliveries (one row per recipient)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, MultiFieldPanel

KINDS = [("news", "News"), ("editorial", "Editorial"), ("letter", "Letter"), ("feature", "Feature")]


class Newsletter(models.Model):
    """A list readers choose: what feeds it (desks, kinds) and when it goes out."""

    class Schedule(models.TextChoices):
        ON_PUBLISH = "on_publish", "On publish: each approved story"
        DAILY = "daily", "Daily digest"
        WEEKLY = "weekly", "Weekly digest"

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(unique=True)
    description = models.CharField(max_length=300, blank=True,
                                   help_text="Shown to readers choosing newsletters.")
    sender_name = models.CharField(max_length=120, blank=True,
                                   help_text="Empty: the publication's name.")
    sender_email = models.EmailField(blank=True, help_text="Empty: DEFAULT_FROM_EMAIL.")
    reply_to = models.EmailField(blank=True)
    desks = models.ManyToManyField(
        "newsroom.DeskPage", blank=True, related_name="+",
        help_text="Stories of these desks feed the newsletter; none selected: every desk.",
    )
    kinds = models.JSONField(
        default=list, blank=True,
        help_text="Kinds of story that feed it (news, editorial, letter, feature); empty: all.",
    )
    schedule = models.CharField(max_length=12, choices=Schedule.choices,
                                default=Schedule.ON_PUBLISH)
    send_on_approval = models.BooleanField(
        default=True, help_text="On-publish newsletters: the approval form's "
        "“send to newsletter subscribers” box starts ticked.")
    send_time = models.TimeField(default=datetime.time(7, 0),
                                 help_text="Digests: the time of day, in the publication's time zone.")
    weekday = models.PositiveSmallIntegerField(
        default=0, choices=[(i, d) for i, d in enumerate(
            ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"])],
        help_text="Weekly digests: the day they go out.")
    active = models.BooleanField(default=True, help_text="Offered to readers and sent.")
    created_at = models.DateTimeField(auto_now_add=True)

    panels = [
        FieldPanel("name"), FieldPanel("slug"), FieldPanel("description"),
        MultiFieldPanel([FieldPanel("sender_name"), FieldPanel("sender_email"),
                         FieldPanel("reply_to")], heading="Sender"),
        MultiFieldPanel([FieldPanel("desks"), FieldPanel("kinds")], heading="What feeds it"),
        MultiFieldPanel([FieldPanel("schedule"), FieldPanel("send_on_approval"),
                         FieldPanel("send_time"), FieldPanel("weekday")], heading="Schedule"),
        FieldPanel("active"),
    ]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def subscriber_count(self) -> int:
        """The readers an issue goes to: confirmed, and not unsubscribed."""
        return self.subscriptions.filter(
            unsubscribed_at__isnull=True, subscriber__confirmed_at__isnull=False).count()

    def clean(self):
        known = {value for value, _ in KINDS}
        if not isinstance(self.kinds, list) or not set(self.kinds) <= known:
            raise ValidationError({"kinds": "A list of kinds among: " + ", ".join(sorted(known))})

    @property
    def is_digest(self) -> bool:
        return self.schedule != self.Schedule.ON_PUBLISH


class Subscription(models.Model):
    """A subscriber's choice of one newsletter; kept after unsubscribing, with the reason."""

    subscriber = models.ForeignKey("memberships.Subscriber", on_delete=models.CASCADE,
                                   related_name="newsletter_subscriptions")
    newsletter = models.ForeignKey(Newsletter, on_delete=models.CASCADE,
                                   related_name="subscriptions")
    created_at = models.DateTimeField(default=timezone.now)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)
    reason = models.CharField(max_length=300, blank=True,
                              help_text="Why the address left: the reader, a bounce, a complaint.")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["subscriber", "newsletter"],
                                               name="one_subscription_per_newsletter")]
        indexes = [models.Index(fields=["newsletter", "unsubscribed_at", "subscriber"])]

    def __str__(self):
        return f"{self.subscriber_id} → {self.newsletter_id}"

    @property
    def is_active(self) -> bool:
        return self.unsubscribed_at is None


class Issue(models.Model):
    """One send of a newsletter: a story's, or a digest of the stories since the last one."""

    class Status(models.TextChoices):
        WAITING = "waiting", "Waiting for the story to be published"
        QUEUED = "queued", "Queued"
        SENDING = "sending", "Sending"
        DONE = "done", "Done"

    newsletter = models.ForeignKey(Newsletter, on_delete=models.CASCADE, related_name="issues")
    story = models.ForeignKey("articles.ArticlePage", null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    digest_since = models.DateTimeField(null=True, blank=True)
    digest_until = models.DateTimeField(null=True, blank=True)
    story_ids = models.JSONField(default=list, blank=True,
                                 help_text="The stories of a digest, fixed when it is made.")
    subject = models.CharField(max_length=300)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    recipients_ready = models.BooleanField(
        default=False, help_text="Every recipient has its delivery row.")
    runner = models.CharField(max_length=200, blank=True,
                              help_text="host:pid of the process sending it now.")
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["newsletter", "story"], condition=models.Q(
                story__isnull=False), name="one_issue_per_story"),
        ]

    def __str__(self):
        return f"{self.newsletter}: {self.subject}"

    @property
    def is_digest(self) -> bool:
        return self.story_id is None

    def counts(self) -> dict[str, int]:
        """Deliveries by status, every status present (zero when none)."""
        found = dict(self.deliveries.values_list("status").annotate(n=models.Count("id")))
        return {status: found.get(status, 0) for status in Delivery.Status.values}


class Delivery(models.Model):
    """One recipient of one issue. Created before sending; its status is the only
    record of whether the message left, which is what makes a rerun send nothing twice."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENDING = "sending", "Handed to SMTP"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"
        IN_DOUBT = "in_doubt", "In doubt"

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey("memberships.Subscriber", null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    email = models.EmailField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    message_id = models.CharField(max_length=200, blank=True)
    error = models.CharField(max_length=500, blank=True)
    updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["issue", "email"],
                                               name="one_delivery_per_recipient")]
        indexes = [models.Index(fields=["issue", "status", "id"])]

    def __str__(self):
        return f"{self.email}: {self.status}"
