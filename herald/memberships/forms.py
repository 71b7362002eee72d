from django import forms


class SubscribeForm(forms.Form):
    email = forms.EmailField(max_length=254)
    consent = forms.BooleanField(
        required=True, error_messages={"required": "Tick the box to agree to receive the newsletter."}
    )
    website = forms.CharField(required=False)  # honeypot: people never see it
    next = forms.CharField(required=False, max_length=300)
