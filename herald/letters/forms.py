from __future__ import annotations

import html
import re

import nh3
from django import forms
from django.conf import settings

_SPACES = re.compile(r"[ \t]+")
_BLANK_LINES = re.compile(r"\n{3,}")
FORM_EXPIRED = "This form is incomplete or out of date. Please reload the page and send your letter again."


def plain_text(value: str) -> str:
    """Strip every tag (keeping the words), unescape entities, tidy whitespace."""
    text = html.unescape(nh3.clean(value, tags=set(), attributes={}))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = "\n".join(_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return _BLANK_LINES.sub("\n\n", text).strip()


class LetterForm(forms.Form):
    name = forms.CharField(max_length=120)
    email = forms.EmailField(max_length=254, help_text="Not published. We may write to check the letter is yours.")
    town = forms.CharField(max_length=120, help_text="Published with your name.")
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 12}), label="Your letter")
    token = forms.UUIDField(widget=forms.HiddenInput, error_messages={
        "required": FORM_EXPIRED, "invalid": FORM_EXPIRED,
    })
    website = forms.CharField(required=False)  # honeypot

    def clean_name(self):
        return self._plain("name")

    def clean_town(self):
        return self._plain("town")

    def _plain(self, field):
        value = plain_text(self.cleaned_data[field])
        if not value:
            raise forms.ValidationError("This field cannot be empty.")
        return value

    def clean_text(self):
        text = plain_text(self.cleaned_data["text"])
        limit = settings.HERALD_LETTER_MAX_CHARS
        if not text:
            raise forms.ValidationError("Write your letter before sending it.")
        if len(text) > limit:
            over = len(text) - limit
            raise forms.ValidationError(
                f"Letters can be at most {limit:,} characters; yours has {len(text):,}. "
                f"Please shorten it by {over:,} character{'' if over == 1 else 's'}."
            )
        return text
