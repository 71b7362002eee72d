"""Reader accounts: passwordless sign-in, the account page, export and deletion."""

from __future__ import annotations

import json
from functools import wraps

from django.conf import settings
from django.contrib.auth import login, logout
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from herald.core import ratelimit
from herald.core.errors import HeraldError, RateLimited
from herald.memberships import actions, magic_links
from herald.memberships.forms import DeleteAccountForm, JoinForm, SignInForm
from herald.memberships.models import Donation, Member, Subscriber, Tier
from herald.memberships.views.subscribers import safe_next

SIGNED_OUT_PAGES = {
    magic_links.Outcome.UNKNOWN: (404, "This sign-in link is not valid",
                                  "Check that you copied the whole link, or ask for a new one."),
    magic_links.Outcome.USED: (410, "This sign-in link has already been used",
                               "Each link works once. Ask for a new one below."),
    magic_links.Outcome.EXPIRED: (410, "This sign-in link has expired",
                                  "Links work for a short time only. Ask for a new one below."),
    magic_links.Outcome.OTHER_BROWSER: (
        403, "Open the link in the browser you asked from",
        "This link was requested in a different browser. For your safety it only signs in "
        "the browser that asked for it. Ask for a new link here and open it in this browser."),
}


def reader_required(view):
    """Send signed-out readers to the sign-in page, then back here."""
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect(reverse("memberships:sign-in") + "?" + urlencode({"next": request.path}))
        return view(request, *args, **kwargs)
    return wrapper


def _set_browser_cookie(response, secret: str) -> None:
    response.set_cookie(
        magic_links.BROWSER_COOKIE, secret, max_age=int(magic_links.lifetime().total_seconds()) + 3600,
        httponly=True, samesite="Lax", secure=settings.SESSION_COOKIE_SECURE, path="/account/",
    )


@never_cache
@require_http_methods(["GET", "POST"])
def sign_in(request):
    if request.method == "GET":
        next_path = safe_next(request, request.GET.get("next", ""), "")
        form = SignInForm(initial={"next": next_path})
        joining = actions.is_joining(next_path)  # pressed Join first
        return render(request, "memberships/sign_in.html", {"form": form, "joining": joining})
    form = SignInForm(request.POST)
    if not form.is_valid():
        return render(request, "memberships/sign_in.html", {"form": form}, status=400)
    email = form.cleaned_data["email"].strip().lower()
    try:
        ratelimit.hit("sign-in-ip", ratelimit.client_ip(request), limit=20, window=3600,
                      message="Too many sign-in requests from your network. Try again in an hour.")
        ratelimit.hit("sign-in-email", email, limit=5, window=3600,
                      message="Too many sign-in links for this address. Try again in an hour.")
    except RateLimited as error:  # with Redis down the limits fail closed (503)
        return render(request, "memberships/sign_in.html", {"form": form, "error": error.message},
                      status=error.status)
    secret = request.COOKIES.get(magic_links.BROWSER_COOKIE) or magic_links.new_browser_secret()
    if not form.cleaned_data["website"]:
        actions.request_sign_in(email, browser_secret=secret,
                                next_path=safe_next(request, form.cleaned_data["next"], ""))
    # The same page whether or not we know the address: no account enumeration.
    minutes = int(magic_links.lifetime().total_seconds() // 60)
    response = render(request, "memberships/sign_in_sent.html", {"email": email, "minutes": minutes})
    _set_browser_cookie(response, secret)
    return response


@never_cache
def sign_in_link(request, token):
    browser_secret = request.COOKIES.get(magic_links.BROWSER_COOKIE, "")
    outcome, user, next_path = actions.sign_in_with_link(token, browser_secret)
    if outcome is magic_links.Outcome.OK:
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        response = redirect(safe_next(request, next_path, reverse("memberships:account")))
        response.delete_cookie(magic_links.BROWSER_COOKIE, path="/account/")
        return response
    status, title, message = SIGNED_OUT_PAGES[outcome]
    return render(request, "memberships/sign_in_failed.html",
                  {"title": title, "message": message, "form": SignInForm()}, status=status)


@require_POST
def sign_out(request):
    logout(request)
    return redirect("/")


@never_cache
@reader_required
def account(request, *, error: str = "", status: int = 200, chosen: dict | None = None):
    """The reader's account page; ``chosen`` keeps a membership change that failed as they left it."""
    subscriber = Subscriber.objects.filter(user=request.user).first()
    member = Member.objects.select_related("tier").filter(user=request.user).first()
    join = JoinForm(initial={"tier": member.tier.slug if member and member.tier else None,
                             "interval": member.interval if member else "month"})
    return render(request, "memberships/account.html", {
        "subscriber": subscriber, "member": member, "join": join,
        "tiers": Tier.objects.filter(active=True),
        "donations": Donation.objects.filter(user=request.user).exclude(status="pending")[:20],
        "saved": request.GET.get("saved"), "error": error, "delete_form": DeleteAccountForm(),
        "now": timezone.now(),
        "chosen_tier": (chosen or {}).get("tier") or (member.tier.slug if member and member.tier else ""),
        "chosen_interval": (chosen or {}).get("interval") or (member.interval if member else "month"),
    }, status=status)


@require_POST
@reader_required
def change_membership(request):
    form = JoinForm(request.POST)
    chosen = {"tier": request.POST.get("tier", ""), "interval": request.POST.get("interval", "")}
    if not form.is_valid():
        return account(request, error="Choose a membership and how often to pay.", status=400,
                       chosen=chosen)
    try:
        actions.change_tier(request.user, form.cleaned_data["tier"], form.cleaned_data["interval"])
    except HeraldError as error:
        return account(request, error=error.message, status=error.status, chosen=chosen)
    return redirect(reverse("memberships:account") + "?saved=membership")


@require_POST
@reader_required
def cancel_membership(request):
    cancel = request.POST.get("cancel") != "no"
    try:
        actions.set_cancel_at_period_end(request.user, cancel)
    except HeraldError as error:
        return account(request, error=error.message, status=error.status)
    return redirect(reverse("memberships:account") + "?saved=" + ("cancelled" if cancel else "resumed"))


@require_POST
@reader_required
def billing_portal(request):
    from herald.memberships.payments import get_provider

    member = Member.objects.filter(user=request.user).exclude(customer_id="").first()
    if member is None:
        return account(request, error="There is no card on file for your account.", status=400)
    try:
        url = get_provider(member.provider).portal_url(
            customer_id=member.customer_id,
            return_url=settings.HERALD_BASE_URL + reverse("memberships:account"))
    except HeraldError as error:
        return account(request, error=error.message, status=error.status)
    return redirect(url)


@never_cache
@reader_required
def export(request):
    data = actions.export_reader_data(request.user)
    response = HttpResponse(json.dumps(data, indent=2, ensure_ascii=False),
                            content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="my-data.json"'
    return response


@never_cache
@require_http_methods(["GET", "POST"])
@reader_required
def delete(request):
    form = DeleteAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = request.user
        try:
            actions.delete_reader_account(user)
        except HeraldError as error:
            return render(request, "memberships/delete.html", {"form": form, "error": error.message},
                          status=error.status)
        logout(request)
        return render(request, "memberships/deleted.html")
    return render(request, "memberships/delete.html", {"form": form},
                  status=400 if request.method == "POST" else 200)
