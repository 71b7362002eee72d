"""Joining a tier and giving a donation: both end at the provider's checkout."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from herald.core import ratelimit
from herald.core.errors import HeraldError, RateLimited
from herald.core.sites import site_for
from herald.memberships import actions
from herald.memberships.forms import INTERVALS, DonateForm, JoinForm
from herald.memberships.models import DonationSettings, Member, Tier
from herald.memberships.status import membership_for


def _absolute(name: str) -> str:
    return settings.HERALD_BASE_URL + reverse(name)


@never_cache
def tiers(request, *, form=None, error: str = "", status: int = 200):
    """The tiers; shown again after an error with the reader's tier and billing kept."""
    # The choice comes back with an error, or in the address a reader who pressed Join
    # before signing in returns to (``join``).
    chosen = form.data if form is not None else request.GET
    form = form or JoinForm()
    interval = chosen.get("interval")
    return render(request, "memberships/tiers.html", {
        "tiers": Tier.objects.filter(active=True), "form": form,
        "membership": membership_for(request.user), "error": error,
        "chosen_tier": chosen.get("tier", ""),
        "chosen_interval": interval if interval in dict(INTERVALS) else "month",
    }, status=status)


@require_POST
def join(request):
    form = JoinForm(request.POST)
    if not request.user.is_authenticated:
        # Back to the tiers after signing in, with the tier and billing chosen kept.
        back = reverse("memberships:tiers")
        if form.is_valid():
            back += "?" + urlencode({"tier": form.cleaned_data["tier"].slug,
                                     "interval": form.cleaned_data["interval"]})
        return redirect(reverse("memberships:sign-in") + "?" + urlencode({"next": back}, safe="/"))
    if not form.is_valid():
        return tiers(request, form=form, status=400)
    try:
        checkout = actions.start_membership(
            request.user, form.cleaned_data["tier"], form.cleaned_data["interval"],
            success_url=_absolute("memberships:welcome"), cancel_url=_absolute("memberships:tiers"))
    except HeraldError as error:
        return tiers(request, form=form, error=error.message, status=error.status)
    return redirect(checkout.url)


@never_cache
def welcome(request):
    member = Member.objects.select_related("tier").filter(user_id=request.user.pk).first()
    return render(request, "memberships/welcome.html", {"member": member})


def _donation_settings(request) -> DonationSettings:
    """The site's donation settings; their defaults while no Wagtail site is configured yet."""
    site = site_for(request)
    return DonationSettings.for_site(site) if site is not None else DonationSettings()


@never_cache
@require_http_methods(["GET", "POST"])
def donate(request):
    config = _donation_settings(request)
    needs_email = not request.user.is_authenticated
    form = DonateForm(request.POST or None, suggested=config.amounts, minimum=config.minimum_amount,
                      currency=config.currency, needs_email=needs_email)
    context = {"form": form, "config": config, "error": ""}
    if request.method == "POST" and form.is_valid():
        email = request.user.email if request.user.is_authenticated else form.cleaned_data["email"]
        try:
            ratelimit.hit("donate-ip", ratelimit.client_ip(request), limit=20, window=3600,
                          message="Too many attempts from your network. Try again in an hour.",
                          unavailable=ratelimit.LOCAL)
            _, checkout = actions.start_donation(
                user=request.user, email=email, amount=form.cleaned_data["whole_amount"] * 100,
                currency=config.currency, recurring=form.cleaned_data["recurring"],
                success_url=_absolute("memberships:donate-thanks"),
                cancel_url=_absolute("memberships:donate"))
        except (HeraldError, RateLimited) as error:
            context["error"] = error.message
            return render(request, "memberships/donate.html", context, status=error.status)
        return redirect(checkout.url)
    return render(request, "memberships/donate.html", context,
                  status=400 if request.method == "POST" else 200)


@never_cache
def donate_thanks(request):
    return render(request, "memberships/donate_thanks.html", {"config": _donation_settings(request)})
