"""The link page's form. It checks shape only; ``record_link_update`` applies the rules."""

from django import forms

from actions.choices import AssessedRAG


class LinkUpdateForm(forms.Form):
    """An update through a link: what happened, and the contact's own RAG."""

    narrative = forms.CharField(
        label="What progress has been made?",
        max_length=10000,
        error_messages={"required": "Describe the progress made."},
        widget=forms.Textarea,
    )
    assessed_rag = forms.ChoiceField(
        label="How is this action going?",
        choices=AssessedRAG.choices,
        error_messages={"required": "Choose Red, Amber or Green."},
        widget=forms.RadioSelect,
    )
