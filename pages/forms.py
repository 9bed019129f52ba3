"""The action page's forms. They check shape only; the operations apply the rules."""

from django import forms

from actions.choices import AssessedRAG


class ProgressForm(forms.Form):
    """A progress update: what happened, and the author's own RAG."""

    narrative = forms.CharField(
        label="What progress has been made?",
        max_length=20000,
        error_messages={"required": "Describe the progress made."},
        widget=forms.Textarea,
    )
    assessed_rag = forms.ChoiceField(
        label="How is this action going?",
        choices=AssessedRAG.choices,
        error_messages={"required": "Choose Red, Amber or Green."},
        widget=forms.RadioSelect,
    )


class DeadlineChangeForm(forms.Form):
    """A request to move the deadline, with the reason (a manager decides)."""

    due_on = forms.DateField(
        label="New deadline",
        help_text="For example, 30 6 2027 or 2027-06-30.",
        input_formats=["%Y-%m-%d", "%d %m %Y", "%d/%m/%Y"],
        error_messages={
            "required": "Enter the new deadline.",
            "invalid": "Enter the new deadline as a real date, for example 30 6 2027.",
        },
    )
    reason = forms.CharField(
        label="Why does the deadline need to move?",
        max_length=20000,
        error_messages={"required": "Give a reason for moving the deadline."},
        widget=forms.Textarea(attrs={"rows": 3}),
    )
