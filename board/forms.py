"""The sign-off queue's form. It checks shape only; the operations apply the rules (who may
sign off, a comment to send back, a meeting of this board)."""

from django import forms

from tenancy.models import BoardMeeting

# The form's two buttons, by name: the board's decision.
SIGN_OFF, SEND_BACK = "sign_off", "send_back"


class SignOffForm(forms.Form):
    """The board's decision on one completed action: a comment and, optionally, the meeting."""

    comment = forms.CharField(
        label="Comment",
        required=False,
        max_length=2000,
        widget=forms.Textarea,
        help_text="Required to send it back: say what the board needs before it can sign off.",
    )
    meeting = forms.ModelChoiceField(
        label="Agreed at the board meeting of (optional)",
        queryset=BoardMeeting.objects.none(),
        required=False,
        empty_label="Not at a meeting",
    )

    def __init__(self, *args, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["meeting"]
        field.queryset = meetings
        field.label_from_instance = lambda m: f"{m.meets_on.day} {m.meets_on:%B %Y}"
