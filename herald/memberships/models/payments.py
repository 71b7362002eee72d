"""Money received and the provider events that report it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


class Donation(models.Model):
    """One payment of a donation ("Show your support"). A recurring donation
    adds one row per payment. Kept when the reader deletes their account, with
    the personal data removed."""

    class Kind(models.TextChoices):
        ONE_OFF = "one_off", "One-off"
        RECURRING = "recurring", "Monthly"

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"  # checkout opened, not finished
        PROCESSING = "processing", "Payment processing"  # finished with a bank debit or transfer
        PAID = "paid", "Paid"
        FAILED = "failed", "Payment failed"  # the bank debit or transfer did not go through
        CANCELED = "canceled", "Cancelled"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="donations"
    )
    email = models.EmailField(blank=True)
    amount = models.PositiveIntegerField(help_text="In the currency's minor unit (cents).")
    currency = models.CharField(max_length=3)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    provider = models.CharField(max_length=20)
    checkout_id = models.CharField(max_length=100, blank=True, db_index=True)
    subscription_id = models.CharField(max_length=100, blank=True, db_index=True)
    invoice_id = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    paid_at = models.DateTimeField(null=True, blank=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.amount_display} {self.get_kind_display().lower()} donation"

    @property
    def amount_display(self) -> str:
        from herald.memberships.money import format_minor

        return format_minor(self.amount, self.currency)


class PaymentEvent(models.Model):
    """A provider event exactly as received. Stored before it is processed, so
    an event that fails is retried (``reconcile_memberships``) and never lost;
    the unique id makes a replayed event a no-op."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        PROCESSED = "processed", "Processed"
        IGNORED = "ignored", "Ignored (type not handled)"
        FAILED = "failed", "Failed"

    provider = models.CharField(max_length=20)
    event_id = models.CharField(max_length=100)
    type = models.CharField(max_length=100)
    created = models.BigIntegerField(help_text="The provider's timestamp for the event.")
    payload = models.TextField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    received_at = models.DateTimeField(auto_now_add=True)
    processed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-received_at"]
        constraints = [
            models.UniqueConstraint(fields=["provider", "event_id"], name="unique_payment_event")
        ]

    def __str__(self):
        return f"{self.provider} {self.type} {self.event_id}"


class DevelopmentPaymentObject(models.Model):
    """State kept by the development payment provider in place of a provider's servers."""

    object_id = models.CharField(max_length=100, unique=True)
    kind = models.CharField(max_length=30)
    data = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)


@register_setting(icon="pick")
class DonationSettings(BaseSiteSetting):
    """What the donation form offers; the text around it lives on the support page."""

    currency = models.CharField(max_length=3, default="EUR")
    suggested_amounts = models.CharField(
        max_length=100, default="5, 10, 25, 50",
        help_text="Whole amounts offered as buttons, separated by commas.",
    )
    minimum_amount = models.PositiveIntegerField(default=2, help_text="Smallest free amount accepted.")
    thank_you_text = models.TextField(
        default="Your support keeps our reporting independent and free to read. Thank you."
    )

    panels = [
        FieldPanel("currency"),
        FieldPanel("suggested_amounts"),
        FieldPanel("minimum_amount"),
        FieldPanel("thank_you_text"),
    ]

    class Meta:
        verbose_name = "donations"

    @property
    def amounts(self) -> list[int]:
        return [int(a) for a in self.suggested_amounts.replace(" ", "").split(",") if a.isdigit()]
