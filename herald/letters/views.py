import uuid

from django.conf import settings
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from herald.core import ratelimit
from herald.core.errors import RateLimited
from herald.letters.actions import receive_letter
from herald.letters.forms import LetterForm
from herald.letters.models import LetterSubmission


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
            if LetterSubmission.objects.filter(token=data["token"]).exists():
                return redirect(f"{page.url}?received={data['token']}")
            try:
                ratelimit.hit("letters-ip", ratelimit.client_ip(request), limit=10, window=3600,
                              message="Too many letters from your network. Please try again in an hour.")
                ratelimit.hit("letters-email", data["email"], limit=_per_hour(), window=3600,
                              message="You have sent several letters in the last hour. Please try again later.")
            except RateLimited as error:
                context.update(form=form, error=error.message)
                return TemplateResponse(request, "letters/letters_page.html", context, status=429)
            receive_letter(token=data["token"], name=data["name"], email=data["email"],
                           town=data["town"], text=data["text"], desk=page.desk)
            return redirect(f"{page.url}?received={data['token']}")
        context["form"] = form
        return TemplateResponse(request, "letters/letters_page.html", context, status=400)
    context["form"] = LetterForm(initial={"token": uuid.uuid4()})
    return TemplateResponse(request, "letters/letters_page.html", context)


def _per_hour():
    return settings.HERALD_LETTERS_PER_HOUR


def _is_uuid(value):
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True
