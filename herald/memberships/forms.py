from django import forms

from herald.memberships.models import Tier
from herald.memberships.money import format_money

INTERVALS = [("month", "Monthly"), ("year", "Yearly")]


class SubscribeForm(forms.Form):
    email = forms.EmailField(max_length=254)
    consent = forms.BooleanField(
        required=True, error_messages={"required": "Tick the box to agree to receive the newsletter."}
    )
    website = forms.CharField(required=False)  # honeypot: people never see it
    next = forms.CharField(required=False, max_length=300)


class SignInForm(forms.Form):
    email = forms.EmailField(max_length=254, label="Email address")
    website = forms.CharField(required=False)  # honeypot
    next = forms.CharField(required=False, max_length=300, widget=forms.HiddenInput)


class JoinForm(forms.Form):
    tier = forms.ModelChoiceField(queryset=Tier.objects.filter(active=True), to_field_name="slug",
                                  error_messages={"invalid_choice": "Choose one of the memberships offered."})
    interval = forms.ChoiceField(choices=INTERVALS, initial="month")


class DonateForm(forms.Form):
    MAXIMUM = 10000  # whole units; more is a conversation, not a card payment

    amount = forms.CharField(required=False, label="Amount")
    other_amount = forms.IntegerField(required=False, label="Other amount")
    recurring = forms.BooleanField(required=False, label="Give this every month")
    email = forms.EmailField(required=False, max_length=254, label="Email address for the receipt")

    def __init__(self, *args, suggested=(), minimum=1, currency="EUR", needs_email=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.suggested, self.minimum = list(suggested), minimum
        # One floor, the publication's, said as money in its currency ("€2.00", not "2").
        self.too_small = f"The smallest donation we can take is {format_money(minimum, currency)}."
        self.fields["other_amount"] = forms.IntegerField(
            required=False, label="Other amount", min_value=minimum, max_value=self.MAXIMUM,
            error_messages={
                "invalid": "Enter the amount in whole units, such as 15.",
                "min_value": self.too_small,
                "max_value": f"We take donations of up to {format_money(self.MAXIMUM, currency)} "
                "online; write to us for more.",
            },
        )
        self.fields["email"].required = needs_email

    def clean(self):
        data = super().clean()
        chosen = data.get("amount") or ""
        if chosen in ("", "other") and "other_amount" in self.errors:
            return data  # said beside the field; "Choose an amount" on top would contradict it
        value = data.get("other_amount") if chosen in ("", "other") else None
        if value is None and chosen.isdigit() and int(chosen) in self.suggested:
            value = int(chosen)
        if value is None:
            raise forms.ValidationError("Choose an amount or enter your own.")
        if value < self.minimum:
            raise forms.ValidationError(self.too_small)
        data["whole_amount"] = value
        return data


class DeleteAccountForm(forms.Form):
    confirm = forms.CharField(label='Type "delete" to confirm')

    def clean_confirm(self):
        if self.cleaned_data["confirm"].strip().lower() != "delete":
            raise forms.ValidationError('Type the word "delete" to confirm.')
        return "delete"
