"""Rate limits on the editors' sign-in form (/admin/login/).

Failed attempts are counted per account name and per address; once either
passes its limit, further attempts get a 429 page until the window ends,
whatever the password. The answer never says whether the account exists.
"""

from __future__ import annotations

from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver
from django.http import HttpResponse

from herald.core.ratelimit import client_ip, count, increment

WINDOW = 15 * 60
PER_ACCOUNT = 8
PER_ADDRESS = 30
LOGIN_PATHS = ("/admin/login/",)


@receiver(user_login_failed)
def count_failed_sign_in(sender, credentials, request=None, **kwargs):
    if request is None:
        return
    increment("signin-account", str(credentials.get("username", "")), window=WINDOW)
    increment("signin-ip", client_ip(request), window=WINDOW)


class SignInThrottleMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and request.path in LOGIN_PATHS:
            username = request.POST.get("username", "")
            if (
                count("signin-account", username, window=WINDOW) >= PER_ACCOUNT
                or count("signin-ip", client_ip(request), window=WINDOW) >= PER_ADDRESS
            ):
                return HttpResponse(
                    "Too many failed sign-in attempts. Wait 15 minutes and try again.",
                    status=429, content_type="text/plain; charset=utf-8",
                )
        return self.get_response(request)
