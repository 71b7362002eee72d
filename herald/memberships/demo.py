"""Demo data for reader revenue: tiers, a member who joined through the
development provider (so their state comes from real events), a few donations."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from herald.memberships import actions
from herald.memberships.models import Subscriber, Tier
from herald.memberships.payments.backends.development import DevelopmentProvider

MEMBER_EMAIL = "member@meridian-ledger.invalid"
SUBSCRIBER_EMAIL = "reader@meridian-ledger.invalid"
TIERS = [
    # Not "Reader": a free subscriber is a reader too, and the names must not clash.
    ("Friend", "friend", "4.00", "40.00",
     "The full archive\nMembers-only stories\nThe weekly members' letter"),
    ("Supporter", "supporter", "9.00", "90.00",
     "Everything in Friend\nAsk the desks: a monthly live Q&A\nYour name in our annual report"),
    ("Patron", "patron", "25.00", "250.00",
     "Everything in Supporter\nA yearly briefing with the editors\nEarly access to investigations"),
]


def load_tiers() -> None:
    """The membership tiers; loaded before the stories, some of which are for chosen tiers."""
    for order, (name, slug, monthly, yearly, benefits) in enumerate(TIERS):
        Tier.objects.update_or_create(slug=slug, defaults={
            "name": name, "monthly_price": Decimal(monthly), "yearly_price": Decimal(yearly),
            "currency": "EUR", "benefits": benefits, "sort_order": order})


def load(log=print) -> list[tuple[str, str]]:
    """Create the tiers and, with the development provider, a demo member; returns the
    reader accounts (``describe_readers``)."""
    load_tiers()
    for email in (SUBSCRIBER_EMAIL, MEMBER_EMAIL):
        Subscriber.objects.get_or_create(email=email, defaults={
            "consent_text": actions.CONSENT_TEXT, "consented_at": timezone.now(),
            "confirmed_at": timezone.now(), "source_path": "/"})
    if getattr(settings, "HERALD_PAYMENT_PROVIDER", "") == "development":
        user = actions.reader_for(Subscriber.objects.get(email=MEMBER_EMAIL))
        if not hasattr(user, "member"):
            base = settings.HERALD_BASE_URL
            checkout = actions.start_membership(
                user, Tier.objects.get(slug="supporter"), "month",
                success_url=base + "/membership/welcome/", cancel_url=base + "/membership/")
            DevelopmentProvider().complete_checkout(checkout.id)
            for amount, recurring in ((1000, False), (500, True)):
                _, checkout = actions.start_donation(
                    user=user, email=MEMBER_EMAIL, amount=amount, currency="EUR", recurring=recurring,
                    success_url=base + "/support/donate/thanks/", cancel_url=base + "/support/donate/")
                DevelopmentProvider().complete_checkout(checkout.id)
    log(f"Reader revenue: {len(TIERS)} membership tiers, demo subscriber and member.")
    return describe_readers()


def describe_readers() -> list[tuple[str, str]]:
    """The demo's reader accounts there are, with what each is: the same after the run
    that loaded them as on every later one."""
    from herald.memberships.models import Member

    readers = []
    if Subscriber.objects.filter(email=SUBSCRIBER_EMAIL).exists():
        readers.append((SUBSCRIBER_EMAIL, "free subscriber"))
    member = Member.objects.filter(user__email=MEMBER_EMAIL).select_related("tier").first()
    if member is not None:
        readers.append((MEMBER_EMAIL, f"{member.tier.name} member" if member.tier else "member"))
    return readers
