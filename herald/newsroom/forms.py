from django import forms
from wagtail import hooks
from wagtail.models import TaskState

from herald.newsroom.models import SEND_BACK_NEEDS_COMMENT


class AcknowledgementsField(forms.MultipleChoiceField):
    """Finding ids the editor ticked; which ones are required is the
    validation assistant's decision at approval time."""

    widget = forms.CheckboxSelectMultiple

    def valid_value(self, value):
        return isinstance(value, str) and len(value) < 200


class DeskApprovalForm(forms.Form):
    """The approval modal. What still stops approval (an unticked finding) is
    reported here, beside the editor's comment, instead of as a bare refusal;
    the task's on_action checks again, whatever the form was told."""

    comment = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}), label="Comment (optional)"
    )
    acknowledged = AcknowledgementsField(required=False, label="Acknowledged findings")
    review = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def clean(self):
        cleaned = super().clean()
        page = self._page(cleaned.get("review"))
        if page is None:
            return cleaned
        acknowledged = list(cleaned.get("acknowledged") or [])
        for hook in hooks.get_hooks("herald_desk_approval_problems"):
            for problem in hook(page=page, acknowledged=acknowledged):
                self.add_error("acknowledged", problem)
        return cleaned

    @staticmethod
    def _page(task_state_id):
        if not task_state_id:
            return None
        task_state = (
            TaskState.objects.filter(pk=task_state_id, status=TaskState.STATUS_IN_PROGRESS)
            .select_related("workflow_state").first()
        )
        return task_state.workflow_state.content_object.specific if task_state else None
    # Ticked or not by default as the story's newsletters say (herald.newsletters).
    send_to_newsletters = forms.BooleanField(required=False, label="Send to newsletter subscribers")


class SendBackForm(forms.Form):
    """Sending a story back always says what needs to change."""

    comment = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), label="What needs to change",
        error_messages={"required": SEND_BACK_NEEDS_COMMENT},
    )
