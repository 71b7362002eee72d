import logging
import uuid

from django.conf import settings
from django.db import DatabaseError
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from herald.core import ratelimit
from herald.core.errors import RateLimited
from herald.letters.actions import receive_letter
from herald.letters.forms import LetterForm
from herald.letters.models import LetterSubmission

logger = logging.getLogger(__name__)
TOO_MANY_FROM_NETWORK = "Too many letters from your network. Please try again in an hour."
TOO_MANY_FROM_ADDRESS = "You have sent several letters in the last hour. Please try again later."
NOT_STORED = (
    "We could not store your letter just now, and nothing was kept. "
    "Please send it again in a minute: your words are still in the form."
)


def letters_form(request, page):
    context = {"page": page, "self": page, "max_chars": f"{settings.HERALD_LETTER_MAX_CHARS:,}"}
    if request.method == "GET" and request.GET.get("received"):
        context["received"] = LetterSubmission.objects.filter(token=request.GET["received"]).first() if _is_uuid(request.GET["received"]) else None
        return TemplateResponse(request, "letters/received.html", context)
    if request.method == "POST":
        form = LetterForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            if data["website"]:
                return redirect(f"{page.url}?received={data['token']}")
            try:
                # A re-post of a form already received is not counted again; it completes
                # whatever an earlier attempt left undone (receive_letter is idempotent).
                if not LetterSubmission.objects.filter(token=data["token"]).exists():
                    _count_letter(request, data["email"])
                receive_letter(token=data["token"], name=data["name"], email=data["email"],
                               town=data["town"], text=data["text"], desk=page.desk)
            except RateLimited as error:
                context.update(form=form, error=error.message)
                return TemplateResponse(request, "letters/letters_page.html", context,
                                        status=error.status)
            except DatabaseError:
                # Nothing was kept (one transaction): the reader can send the same form again.
                logger.exception("Letter %s could not be stored", data["token"])
                context.update(form=form, error=NOT_STORED)
                return TemplateResponse(request, "letters/letters_page.html", context, status=503)
            return redirect(f"{page.url}?received={data['token']}")
        context["form"] = form
        return TemplateResponse(request, "letters/letters_page.html", context, status=400)
    context["form"] = LetterForm(initial={"token": uuid.uuid4()})
    return TemplateResponse(request, "letters/letters_page.html", context)


def _count_letter(request, email):
    # With Redis down the limits are counted in this process: letters are still taken.
    ratelimit.hit("letters-ip", ratelimit.client_ip(request), limit=10, window=3600,
                  message=TOO_MANY_FROM_NETWORK, unavailable=ratelimit.LOCAL)
    ratelimit.hit("letters-email", email, limit=_per_hour(), window=3600,
                  message=TOO_MANY_FROM_ADDRESS, unavailable=ratelimit.LOCAL)


def _per_hour():
    return settings.HERALD_LETTERS_PER_HOUR


def _is_uuid(value):
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True
