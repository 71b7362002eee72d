from django import forms

from herald.memberships.models import Tier

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
    amount = forms.CharField(required=False, label="Amount")
    other_amount = forms.IntegerField(
        required=False, label="Other amount", min_value=1, max_value=10000,
        error_messages={
            "invalid": "Enter the amount in whole units, such as 15.",
            "min_value": "Enter an amount of at least %(limit_value)s.",
            "max_value": "We take donations of up to %(limit_value)s online; write to us for more.",
        },
    )
    recurring = forms.BooleanField(required=False, label="Give this every month")
    email = forms.EmailField(required=False, max_length=254, label="Email address for the receipt")

    def __init__(self, *args, suggested=(), minimum=1, needs_email=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.suggested, self.minimum = list(suggested), minimum
        self.fields["email"].required = needs_email

    def clean(self):
        data = super().clean()
        chosen = data.get("amount") or ""
        value = data.get("other_amount") if chosen in ("", "other") else None
        if value is None and chosen.isdigit() and int(chosen) in self.suggested:
            value = int(chosen)
        if value is None:
            raise forms.ValidationError("Choose an amount or enter your own.")
        if value < self.minimum:
            raise forms.ValidationError(f"The smallest donation we can take is {self.minimum}.")
        data["whole_amount"] = value
        return data


class DeleteAccountForm(forms.Form):
    confirm = forms.CharField(label='Type "delete" to confirm')

    def clean_confirm(self):
        if self.cleaned_data["confirm"].strip().lower() != "delete":
            raise forms.ValidationError('Type the word "delete" to confirm.')
        return "delete"
