"""Readers' side of newsletters: one-click unsubscribe and the preferences page."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from herald.memberships.models import Subscriber
from herald.newsletters import actions
from herald.newsletters.forms import ChoicesForm
from herald.newsletters.models import Newsletter
from herald.newsletters.rendering import (
    preferences_url,
    read_preferences_token,
    read_unsubscribe_token,
)


# RFC 8058: mail clients POST "List-Unsubscribe=One-Click" to the List-Unsubscribe
# address with no cookie and no CSRF token; the signed token is the authority.
# A GET (a reader's click, or a mail scanner fetching links) only asks.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    found = read_unsubscribe_token(token)
    newsletter = Newsletter.objects.filter(pk=found[1]).first() if found else None
    subscriber = Subscriber.objects.filter(pk=found[0]).first() if found else None
    if newsletter is None or subscriber is None:
        return render(request, "newsletters/unsubscribe.html", {"invalid": True}, status=400)
    context = {"newsletter": newsletter, "subscriber": subscriber,
               "preferences_url": preferences_url(subscriber.pk)}
    if request.method == "GET":
        return render(request, "newsletters/unsubscribe.html", context)
    one_click = request.POST.get("List-Unsubscribe") == "One-Click"
    actions.unsubscribe(subscriber.pk, newsletter.pk, reason="One-click unsubscribe from the "
                        "mail client." if one_click else "The reader's unsubscribe link.")
    return render(request, "newsletters/unsubscribed.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
def preferences(request, token):
    subscriber_id = read_preferences_token(token)
    subscriber = Subscriber.objects.filter(pk=subscriber_id).first() if subscriber_id else None
    if subscriber is None:
        return render(request, "newsletters/preferences.html", {"invalid": True}, status=400)
    if request.method == "POST":
        form = ChoicesForm(request.POST)
        if form.is_valid():
            actions.set_choices(subscriber, form.cleaned_data["newsletters"])
            return redirect(request.path + "?saved=1")
        status = 400
    else:
        form = ChoicesForm(initial={"newsletters": actions.active_newsletters_of(subscriber)})
        status = 200
    return render(request, "newsletters/preferences.html",
                  {"form": form, "subscriber": subscriber, "saved": request.GET.get("saved")},
                  status=status)


@never_cache
def preferences_help(request):
    """Where the links of a test send lead: a test goes to no subscriber."""
    return render(request, "newsletters/preferences.html", {"test": True})


@require_POST
def account_choices(request):
    """The account page's newsletter choices, for a signed-in reader."""
    if not request.user.is_authenticated:
        raise Http404
    subscriber = Subscriber.objects.filter(user=request.user).first()
    form = ChoicesForm(request.POST)
    if subscriber is None or not form.is_valid():
        return redirect(reverse("memberships:account") + "?saved=newsletters-failed")
    actions.set_choices(subscriber, form.cleaned_data["newsletters"])
    return redirect(reverse("memberships:account") + "?saved=newsletters")
