"""Rate limits on the editors' sign-in form (/admin/login/).

Every attempt is counted per account name and per address *before* the password
is checked, with the cache's atomic increment, and a successful sign-in takes its
attempt back: so only failures stay counted, and forty attempts sent at once still
check at most ``PER_ACCOUNT`` passwords. Once either count passes its limit,
further attempts get a 429 page until the window ends, whatever the password. The
answer never says whether the account exists. When the counter cannot be reached
(Redis down), sign-in fails closed with a 503.
"""

from __future__ import annotations

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpResponse

from herald.core.ratelimit import client_ip, decrement, increment, unreachable

WINDOW = 15 * 60
PER_ACCOUNT = 8
PER_ADDRESS = 30
LOGIN_PATHS = ("/admin/login/",)
TOO_MANY = "Too many failed sign-in attempts. Wait 15 minutes and try again."
UNAVAILABLE = "Signing in is unavailable for a moment. Please try again in a few minutes."


@receiver(user_logged_in)
def take_back_successful_attempt(sender, request=None, user=None, **kwargs):
    attempt = getattr(request, "herald_signin_attempt", None)
    if attempt is None:
        return
    username, address = attempt
    decrement("signin-account", username, window=WINDOW)
    decrement("signin-ip", address, window=WINDOW)


def _plain(text: str, status: int) -> HttpResponse:
    return HttpResponse(text, status=status, content_type="text/plain; charset=utf-8")


class SignInThrottleMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and request.path in LOGIN_PATHS:
            username = request.POST.get("username", "")
            address = client_ip(request)
            try:
                by_account = increment("signin-account", username, window=WINDOW)
                by_address = increment("signin-ip", address, window=WINDOW)
            except unreachable():
                return _plain(UNAVAILABLE, 503)
            if by_account > PER_ACCOUNT or by_address > PER_ADDRESS:
                return _plain(TOO_MANY, 429)
            request.herald_signin_attempt = (username, address)
        return self.get_response(request)
