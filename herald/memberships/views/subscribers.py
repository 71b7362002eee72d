from django.http import HttpResponseForbidden
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from herald.core import ratelimit
from herald.core.errors import RateLimited
from herald.core.origin import same_origin
from herald.memberships.actions import confirm_subscription, record_subscription
from herald.memberships.forms import SubscribeForm


def safe_next(request, value: str, default: str = "/") -> str:
    if value and url_has_allowed_host_and_scheme(value, allowed_hosts={request.get_host()}):
        return value
    return default


# The prompt sits on pages served from a shared cache, so it carries no CSRF
# token; the view checks the Origin/Referer instead, and rate-limits.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def subscribe(request):
    if request.method == "GET":
        return render(request, "memberships/subscribe.html", {"form": SubscribeForm()})
    if not same_origin(request):
        return HttpResponseForbidden("Sign up from our own pages.")
    form = SubscribeForm(request.POST)
    if not form.is_valid():
        return render(request, "memberships/subscribe.html", {"form": form}, status=400)
    next_url = safe_next(request, form.cleaned_data["next"])
    if form.cleaned_data["website"]:
        # A bot filled the hidden field: answer as if it worked, store nothing.
        return render(request, "memberships/subscribed.html", {"next": next_url})
    try:
        ratelimit.hit("subscribe-ip", ratelimit.client_ip(request), limit=10, window=3600,
                      message="Too many sign-ups from your network. Try again in an hour.",
                      unavailable=ratelimit.LOCAL)
        ratelimit.hit("subscribe-email", form.cleaned_data["email"], limit=3, window=3600,
                      message="Too many sign-ups for this address. Try again in an hour.",
                      unavailable=ratelimit.LOCAL)
    except RateLimited as error:
        return render(request, "memberships/subscribe.html",
                      {"form": form, "error": error.message}, status=error.status)
    record_subscription(form.cleaned_data["email"], consent=True, source_path=next_url)
    # The same answer whether or not the address was already known.
    return render(request, "memberships/subscribed.html", {"next": next_url})


@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request, token):
    """The link in the confirmation e-mail. Confirming takes a click, so mail
    scanners that fetch every link do not confirm on the reader's behalf."""
    if request.method == "GET":
        return render(request, "memberships/confirm.html", {"token": token})
    subscriber = confirm_subscription(token)
    if subscriber is None:
        return render(request, "memberships/confirm.html", {"token": token, "invalid": True}, status=400)
    return render(request, "memberships/confirmed.html", {"subscriber": subscriber})
