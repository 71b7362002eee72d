from django import forms

from herald.newsroom.models import SEND_BACK_NEEDS_COMMENT


class AcknowledgementsField(forms.MultipleChoiceField):
    """Finding ids the editor ticked; which ones are required is the
    validation assistant's decision at approval time."""

    widget = forms.CheckboxSelectMultiple

    def valid_value(self, value):
        return isinstance(value, str) and len(value) < 200


class DeskApprovalForm(forms.Form):
    comment = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}), label="Comment (optional)"
    )
    acknowledged = AcknowledgementsField(required=False, label="Acknowledged findings")


class SendBackForm(forms.Form):
    """Sending a story back always says what needs to change."""

    comment = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), label="What needs to change",
        error_messages={"required": SEND_BACK_NEEDS_COMMENT},
    )
