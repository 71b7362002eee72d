"""Every change to a reader's standing goes through one of these functions,
called alike by views, the admin, the CLI and tests."""

from __future__ import annotations

import hashlib
import json

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import EmailMultiAlternatives, send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from herald.core.errors import HeraldError, NotAllowed
from herald.core.sites import default_site
from herald.memberships import magic_links, status
from herald.memberships.models import (
    JOIN_CONSENT_TEXT,
    Donation,
    Member,
    PaymentEvent,
    SignInLink,
    Subscriber,
    Tier,
)
from herald.memberships.payments import get_provider
from herald.memberships.payments.backends.base import Checkout, CheckoutRequest
from herald.newsroom import branding
from herald.newsroom.models import PublicationSettings, is_newsroom_staff

CONSENT_TEXT = "Send me the newsletter. I can unsubscribe at any time."
CONFIRM_SALT = "herald.memberships.confirm"
CONFIRM_MAX_AGE = 7 * 86400
PAYMENT_ON_ITS_WAY = ("Your payment for a membership is still being processed. Bank payments can "
                      "take a few working days; your membership starts as soon as it clears.")


def _absolute(path: str) -> str:
    return settings.HERALD_BASE_URL + path


def _mail(template: str, to: str, context: dict) -> None:
    site = default_site()
    publication = PublicationSettings.for_site(site).name if site else "Herald"
    context = {"publication": publication, **context}
    subject, _, body = render_to_string(template, context).strip().partition("\n")
    send_mail(subject.strip(), body.strip() + "\n", None, [to])


# Subscribers ----------------------------------------------------------------

def record_subscription(email: str, *, consent: bool, source_path: str = "") -> Subscriber | None:
    """Store an address with the reader's consent and mail the confirmation link.

    A known, confirmed address is left as it is, but for a member who made an account
    without a newsletter: their consent is recorded now (and herald.newsletters gives
    them the newsletters a newly confirmed reader gets). An unconfirmed one gets the
    link again. The caller answers the same in every case.
    """
    if not consent:
        return None
    subscriber, created = Subscriber.objects.get_or_create(
        email=email.strip().lower(),
        defaults={"consent_text": CONSENT_TEXT, "consented_at": timezone.now(),
                  "source_path": source_path[:300]},
    )
    if not subscriber.agreed_to_newsletters:
        subscriber.consent_text, subscriber.consented_at = CONSENT_TEXT, timezone.now()
        subscriber.save(update_fields=["consent_text", "consented_at"])
    if not subscriber.is_confirmed:
        token = signing.dumps(subscriber.email, salt=CONFIRM_SALT)
        _mail("memberships/email/confirm.txt", subscriber.email,
              {"url": _absolute(reverse("memberships:confirm", args=[token]))})
    return subscriber


def confirm_subscription(token: str) -> Subscriber | None:
    """Confirm the address the token was mailed to; None for a bad or stale token."""
    try:
        email = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    except signing.BadSignature:
        return None
    subscriber = Subscriber.objects.filter(email=email).first()
    if subscriber and not subscriber.is_confirmed:
        subscriber.confirmed_at = timezone.now()
        subscriber.save(update_fields=["confirmed_at"])
    return subscriber


# Accounts -------------------------------------------------------------------

def _username_for(email: str) -> str:
    # Hashed, so it can never equal a newsroom account's username.
    return "reader-" + hashlib.sha256(email.encode()).hexdigest()[:24]


def reader_for(subscriber: Subscriber):
    """The reader account of a subscriber, created on first sign-in (no password, not staff)."""
    if subscriber.user_id:
        return subscriber.user
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=_username_for(subscriber.email), defaults={"email": subscriber.email}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    subscriber.user = user
    subscriber.save(update_fields=["user"])
    return user


def request_sign_in(email: str, *, browser_secret: str, next_path: str = "") -> None:
    """Queue the sign-in link for ``email``: the request does the same work whether or
    not the address is known, so its answer takes the same time (no enumeration by
    timing); ``send_sign_in_link`` decides in the background."""
    from herald.memberships.tasks import send_sign_in_link

    send_sign_in_link.enqueue(email.strip().lower(), magic_links.browser_hash(browser_secret),
                              next_path)


def is_joining(next_path: str) -> bool:
    """Whether a sign-in is on the way to joining: the reader pressed Join on the tiers."""
    return next_path.startswith(reverse("memberships:tiers"))


def send_sign_in_link(email: str, *, hashed_browser: str, next_path: str = "") -> bool:
    """Mail a sign-in link if the address belongs to a reader, or, on the way to joining,
    a link that makes the reader's account (``sign_in_with_link``); otherwise do nothing.

    Newsroom staff sign in with their password in the admin, never by link.
    """
    subscriber = Subscriber.objects.select_related("user").filter(email=email).first()
    if subscriber is None and not is_joining(next_path):
        return False
    if subscriber is not None and is_newsroom_staff(subscriber.user):
        return False
    token = magic_links.issue(email, hashed_browser=hashed_browser, next_path=next_path)
    template = "sign_in.txt" if subscriber is not None else "join.txt"
    _mail(f"memberships/email/{template}", email, {
        "url": _absolute(reverse("memberships:sign-in-link", args=[token])),
        "minutes": int(magic_links.lifetime().total_seconds() // 60),
    })
    return True


def sign_in_with_link(token: str, browser_secret: str):
    """Redeem a link: returns (outcome, user or None, next path)."""
    outcome, link = magic_links.redeem(token, browser_secret)
    if outcome is not magic_links.Outcome.OK:
        return outcome, None, ""
    subscriber = Subscriber.objects.filter(email=link.email).first()
    if subscriber is None and is_joining(link.next_path):
        # The link was mailed to a new address on its way to joining: opening it proves the
        # reader owns the address, and makes their account, with no newsletter.
        now = timezone.now()
        subscriber, _ = Subscriber.objects.get_or_create(email=link.email, defaults={
            "consent_text": JOIN_CONSENT_TEXT, "consented_at": now, "confirmed_at": now,
            "source_path": link.next_path})
    if subscriber is None:
        return magic_links.Outcome.UNKNOWN, None, ""
    if not subscriber.is_confirmed:
        # Opening the link proves the reader owns the address.
        subscriber.confirmed_at = timezone.now()
        subscriber.save(update_fields=["confirmed_at"])
    return outcome, reader_for(subscriber), link.next_path


def export_reader_data(user) -> dict:
    """Everything Herald holds about the reader, as plain JSON-ready data."""
    subscriber = Subscriber.objects.filter(user=user).first()
    member = Member.objects.select_related("tier").filter(user=user).first()

    def when(value):
        return value.isoformat() if value else None

    return {
        "account": {"email": user.email, "joined": when(user.date_joined),
                    "last_sign_in": when(user.last_login)},
        "subscription": subscriber and {
            "email": subscriber.email, "consent_text": subscriber.consent_text,
            "consented_at": when(subscriber.consented_at),
            "confirmed_at": when(subscriber.confirmed_at),
            "signed_up_on": subscriber.source_path,
            # Newsletter choices live with the newsletters (herald.newsletters).
            "newsletters": [s.newsletter.name for s in subscriber.newsletter_subscriptions.filter(
                unsubscribed_at__isnull=True).select_related("newsletter")],
        },
        "membership": member and {
            "tier": member.tier.name if member.tier else None, "status": member.status,
            "billing": member.interval, "current_period_end": when(member.current_period_end),
            "cancel_at_period_end": member.cancel_at_period_end,
            "started_at": when(member.started_at), "payment_provider": member.provider,
        },
        "donations": [
            {"amount": d.amount / 100, "currency": d.currency, "kind": d.kind, "status": d.status,
             "date": when(d.paid_at or d.created_at)}
            for d in Donation.objects.filter(user=user).order_by("created_at")
        ],
    }


def delete_reader_account(user) -> None:
    """Delete the reader: end paid subscriptions, keep payment records without personal data."""
    if is_newsroom_staff(user):
        raise NotAllowed("Newsroom accounts are removed by an administrator, not from the reader site.")
    member = Member.objects.filter(user=user).first()
    provider_names = {d.provider for d in Donation.objects.filter(user=user).exclude(subscription_id="")}
    # A payment still on its way would otherwise start billing a deleted reader.
    if member and member.subscription_id and (member.is_entitled
                                              or member.status == Member.Status.INCOMPLETE):
        get_provider(member.provider).cancel_subscription(member.subscription_id)
    for name in provider_names:
        for subscription_id in (Donation.objects.filter(user=user, provider=name,
                                                        status__in=["paid", "processing"])
                                .exclude(subscription_id="")
                                .values_list("subscription_id", flat=True).distinct()):
            get_provider(name).cancel_subscription(subscription_id)
    with transaction.atomic():
        emails = {user.email} | set(Subscriber.objects.filter(user=user).values_list("email", flat=True))
        Donation.objects.filter(user=user).update(user=None, email="", anonymised_at=timezone.now())
        for email in filter(None, emails):
            needle = json.dumps(email)[1:-1]
            for event in PaymentEvent.objects.filter(payload__contains=needle):
                event.payload = event.payload.replace(needle, "deleted-reader@invalid")
                event.save(update_fields=["payload"])
            SignInLink.objects.filter(email=email).delete()
        Subscriber.objects.filter(user=user).delete()
        Subscriber.objects.filter(email__in=emails).delete()
        user.delete()  # the Member row goes with it


# Membership -----------------------------------------------------------------

def start_membership(user, tier: Tier, interval: str, *, success_url: str, cancel_url: str) -> Checkout:
    """Open a checkout for ``tier``, billed monthly or yearly."""
    if interval not in ("month", "year"):
        raise HeraldError("Choose monthly or yearly billing.")
    if not tier.active:
        raise HeraldError("That membership is no longer offered.")
    current = status.membership_for(user)
    if current.is_member:
        raise HeraldError("You are already a member: change your tier on your account page.",
                          code="already_member")
    if current.status == Member.Status.INCOMPLETE:
        # A second checkout now could charge the reader twice.
        raise HeraldError(PAYMENT_ON_ITS_WAY, code="payment_processing", status=409)
    member = Member.objects.filter(user=user).first()
    return get_provider().create_checkout(CheckoutRequest(
        kind="membership", email=user.email, success_url=success_url, cancel_url=cancel_url,
        amount=tier.price_minor(interval), currency=tier.currency, recurring_interval=interval,
        product_name=tier.name, tier=tier,
        customer_id=member.customer_id if member and member.provider == get_provider().name else "",
        metadata={"herald_kind": "membership", "herald_user": str(user.pk),
                  "herald_tier": tier.slug, "herald_interval": interval},
    ))


def _active_member(user) -> Member:
    member = Member.objects.filter(user=user).first()
    if member is None or not member.is_entitled or not member.subscription_id:
        raise HeraldError("You have no active membership to change.", code="not_member")
    return member


def change_tier(user, tier: Tier, interval: str) -> Member:
    """Move the member to another tier or billing interval at the provider."""
    member = _active_member(user)
    from herald.memberships.payments import processing

    subscription = get_provider(member.provider).update_subscription(
        member.subscription_id, tier=tier, interval=interval)
    status.forget(user)
    return processing.apply_subscription(member.provider, subscription, int(timezone.now().timestamp()))


def set_cancel_at_period_end(user, cancel: bool) -> Member:
    """Cancel at the end of the paid period (or take that back)."""
    member = _active_member(user)
    from herald.memberships.payments import processing

    subscription = get_provider(member.provider).update_subscription(
        member.subscription_id, cancel_at_period_end=cancel)
    status.forget(user)
    return processing.apply_subscription(member.provider, subscription, int(timezone.now().timestamp()))


# Donations ------------------------------------------------------------------

def start_donation(*, user, email: str, amount: int, currency: str, recurring: bool,
                   success_url: str, cancel_url: str) -> tuple[Donation, Checkout]:
    """Open a checkout for a donation of ``amount`` minor units, recorded as pending.

    The donation is recorded only once the provider has opened its checkout: if
    the provider fails, the row is rolled back and the reader keeps the form and
    the error, so the publisher's list never shows a gift that could not be paid.
    (The row is written first because the checkout carries its id.)
    """
    provider = get_provider()
    with transaction.atomic():
        donation = Donation.objects.create(
            user=user if user and user.is_authenticated else None, email=email.strip().lower(),
            amount=amount, currency=currency.upper(), provider=provider.name,
            kind=Donation.Kind.RECURRING if recurring else Donation.Kind.ONE_OFF,
        )
        checkout = provider.create_checkout(CheckoutRequest(
            kind="donation", email=donation.email, success_url=success_url, cancel_url=cancel_url,
            amount=amount, currency=currency, recurring_interval="month" if recurring else None,
            product_name="Monthly donation" if recurring else "Donation",
            metadata={"herald_kind": "donation", "herald_donation": str(donation.pk),
                      "herald_user": str(donation.user_id or "")},
        ))
        donation.checkout_id = checkout.id
        donation.save(update_fields=["checkout_id"])
    return donation, checkout


def donation_paid(donation: Donation) -> None:
    """Called by payment processing, inside its transaction, at the one moment a
    donation becomes paid (a replayed or reordered event never gets here twice):
    the receipt goes out once that transaction has committed."""
    transaction.on_commit(lambda: send_donation_receipt(donation.pk))


def send_donation_receipt(donation_pk: int) -> bool:
    """Mail the donor a receipt (text and HTML). False when there is no one to mail."""
    donation = Donation.objects.filter(pk=donation_pk, status=Donation.Status.PAID).first()
    if donation is None or not donation.email:
        return False
    site = default_site()
    publication = PublicationSettings.for_site(site) if site else None
    context = {"donation": donation, "amount": donation.amount_display,
               "paid_at": donation.paid_at or donation.created_at,
               "publication": publication.name if publication else "Herald",
               "tagline": publication.tagline if publication else "",
               "base_url": settings.HERALD_BASE_URL,
               "support_url": _absolute(reverse("memberships:donate")),
               **branding.for_email(publication)}
    subject, _, body = render_to_string("memberships/email/donation_receipt.txt", context).strip().partition("\n")
    message = EmailMultiAlternatives(subject.strip(), body.strip() + "\n", None, [donation.email])
    message.attach_alternative(render_to_string("memberships/email/donation_receipt.html", context), "text/html")
    message.send()
    return True
