"""Forms for people's pages that write to the plan: shape only, the operations apply the rules.

Here, below the pages and the partner links, so both record progress with the same form.
"""

from django import forms

from actions.choices import AssessedRAG
from actions.models import ProgressUpdate


class ProgressForm(forms.Form):
    """A progress update: what happened, and the writer's own RAG."""

    narrative = forms.CharField(
        label="What progress has been made?",
        max_length=ProgressUpdate._meta.get_field("narrative").max_length,
        error_messages={"required": "Describe the progress made."},
        widget=forms.Textarea,
    )
    assessed_rag = forms.ChoiceField(
        label="How is this action going?",
        choices=AssessedRAG.choices,
        error_messages={"required": "Choose Red, Amber or Green."},
        widget=forms.RadioSelect,
    )
