"""Paid membership: the publisher's tiers and each member's state."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.search import index

ENTITLED_STATUSES = frozenset({"active", "trialing", "past_due"})


class Tier(index.Indexed, models.Model):
    """A membership level the publisher sells, e.g. "Supporter" or "Patron"."""

    name = models.CharField(max_length=80)
    slug = models.SlugField(unique=True)
    monthly_price = models.DecimalField(
        max_digits=8, decimal_places=2, validators=[MinValueValidator(Decimal("0.50"))]
    )
    yearly_price = models.DecimalField(
        max_digits=8, decimal_places=2, validators=[MinValueValidator(Decimal("0.50"))]
    )
    currency = models.CharField(
        max_length=3, default="EUR",
        validators=[RegexValidator(r"^[A-Z]{3}$", "Use a three-letter ISO code such as EUR.")],
    )
    benefits = models.TextField(help_text="What members of this tier get; one benefit per line.")
    active = models.BooleanField(default=True, help_text="Offered to new members.")
    sort_order = models.PositiveSmallIntegerField(default=0)
    stripe_monthly_price_id = models.CharField(
        max_length=100, blank=True, help_text="Stripe price for monthly billing; created on first use if empty."
    )
    stripe_yearly_price_id = models.CharField(
        max_length=100, blank=True, help_text="Stripe price for yearly billing; created on first use if empty."
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        MultiFieldPanel(
            [FieldPanel("monthly_price"), FieldPanel("yearly_price"), FieldPanel("currency")],
            heading="Prices",
        ),
        FieldPanel("benefits"),
        FieldPanel("active"),
        FieldPanel("sort_order"),
        MultiFieldPanel(
            [FieldPanel("stripe_monthly_price_id"), FieldPanel("stripe_yearly_price_id")],
            heading="Stripe", classname="collapsed",
        ),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["sort_order", "monthly_price"]

    def __str__(self):
        return self.name

    def price(self, interval: str) -> Decimal:
        return self.yearly_price if interval == "year" else self.monthly_price

    def price_minor(self, interval: str) -> int:
        """The price in the currency's minor unit (cents), as payment providers want it."""
        return int(self.price(interval) * 100)

    @property
    def benefit_lines(self) -> list[str]:
        return [line.strip() for line in self.benefits.splitlines() if line.strip()]


class Member(models.Model):
    """A reader's paid membership, as last reported by the payment provider.

    Rows change only through ``herald.memberships.payments.processing``, from
    provider events or reconciliation, never from what a browser says.
    """

    class Status(models.TextChoices):
        INCOMPLETE = "incomplete", "Incomplete"
        ACTIVE = "active", "Active"
        TRIALING = "trialing", "Trial"
        PAST_DUE = "past_due", "Past due"
        CANCELED = "canceled", "Cancelled"
        UNPAID = "unpaid", "Unpaid"
        PAUSED = "paused", "Paused"
        EXPIRED = "incomplete_expired", "Expired"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="member"
    )
    tier = models.ForeignKey(Tier, null=True, blank=True, on_delete=models.PROTECT, related_name="members")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.INCOMPLETE)
    interval = models.CharField(
        max_length=5, choices=[("month", "Monthly"), ("year", "Yearly")], default="month"
    )
    current_period_end = models.DateTimeField(null=True, blank=True)
    cancel_at_period_end = models.BooleanField(default=False)
    provider = models.CharField(max_length=20)
    customer_id = models.CharField(max_length=100, blank=True, db_index=True)
    subscription_id = models.CharField(max_length=100, blank=True, db_index=True)
    state_as_of = models.BigIntegerField(
        default=0, help_text="Provider timestamp of the subscription state applied last."
    )
    started_at = models.DateTimeField(null=True, blank=True)
    canceled_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-started_at"]

    def __str__(self):
        return f"{self.email} ({self.tier or 'no tier'}, {self.get_status_display()})"

    @property
    def email(self) -> str:
        return self.user.email

    @property
    def is_entitled(self) -> bool:
        return self.status in ENTITLED_STATUSES

    @property
    def monthly_amount(self) -> Decimal:
        if not self.tier:
            return Decimal(0)
        if self.interval == "year":
            return (self.tier.yearly_price / 12).quantize(Decimal("0.01"))
        return self.tier.monthly_price
