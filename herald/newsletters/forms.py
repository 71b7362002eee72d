from django import forms

from herald.newsletters.models import Newsletter


class ChoicesForm(forms.Form):
    newsletters = forms.ModelMultipleChoiceField(
        queryset=Newsletter.objects.filter(active=True), required=False,
        widget=forms.CheckboxSelectMultiple, label="Newsletters",
    )
