"""The provider's side: the Stripe webhook, and the development provider's local pages."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import Http404, HttpResponseForbidden, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from herald.core.errors import HeraldError
from herald.memberships import actions
from herald.memberships.models import Member
from herald.memberships.payments import get_provider, processing
from herald.memberships.payments.backends.development import DevelopmentProvider
from herald.memberships.views.account import reader_required

logger = logging.getLogger(__name__)


@csrf_exempt
@require_POST
def stripe_webhook(request):
    """Stripe's events: verified, stored, answered at once; processed in a task."""
    try:
        record, is_new = processing.receive(get_provider("stripe"), request.body,
                                            request.headers.get("Stripe-Signature"))
    except ImproperlyConfigured as exc:
        logger.error("Stripe webhook refused: %s", exc)
        return JsonResponse({"error": {"code": "not_configured", "message": str(exc)}}, status=503)
    except HeraldError as error:  # forged, stale or malformed: refused, and kept in the log
        logger.warning("Stripe webhook refused (%s): %s", error.code, error.message)
        return JsonResponse(error.as_json(), status=error.status)
    return JsonResponse({"received": record.event_id, "duplicate": not is_new})


def _development_provider() -> DevelopmentProvider:
    if getattr(settings, "HERALD_PAYMENT_PROVIDER", "") != "development":
        raise Http404("The development payment provider is not enabled.")
    return DevelopmentProvider()


@never_cache
@require_http_methods(["GET", "POST"])
def dev_checkout(request, checkout_id):
    provider = _development_provider()
    try:
        session = provider.get_object(checkout_id, "checkout")
    except HeraldError:
        raise Http404("No such checkout.") from None
    owner = (session.get("metadata") or {}).get("herald_user")
    if owner and str(request.user.pk) != owner:
        return HttpResponseForbidden("This checkout belongs to another reader.")
    if request.method == "POST":
        if request.POST.get("action") == "pay":
            provider.complete_checkout(checkout_id)
            return redirect(session["success_url"])
        return redirect(session["cancel_url"])
    return render(request, "memberships/dev_checkout.html", {
        "session": session, "amount": session["amount_total"] / 100,
        "currency": session["currency"].upper()})


@never_cache
@require_http_methods(["GET", "POST"])
@reader_required
def dev_portal(request):
    provider = _development_provider()
    member = Member.objects.select_related("tier").filter(user=request.user).first()
    message = ""
    if request.method == "POST" and member and member.subscription_id:
        action = request.POST.get("action")
        if action == "card":
            message = "Card updated (simulated: no card details are stored)."
        elif action == "cancel":
            actions.set_cancel_at_period_end(request.user, True)
            return redirect(reverse("memberships:account") + "?saved=cancelled")
        elif action == "end":
            provider.cancel_subscription(member.subscription_id)
            return redirect(reverse("memberships:account"))
    return render(request, "memberships/dev_portal.html", {"member": member, "message": message})
