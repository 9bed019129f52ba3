"""The action page's forms (progress: ``actions.forms``). They check shape only; the operations
apply the rules."""

from datetime import date

from django import forms


class DayMonthYearField(forms.MultiValueField):
    """A date typed as day, month and year in three boxes: GOV.UK's date input pattern."""

    widget = forms.MultiWidget(widgets=[forms.TextInput] * 3)
    default_error_messages = {
        "required": "Enter the new deadline.",
        "incomplete": "Enter the new deadline's day, month and year.",
        "invalid": "Enter the new deadline as a real date, for example 30 6 2027.",
    }

    def __init__(self, **kwargs):
        part = {"min_value": 1, "error_messages": {"invalid": "", "min_value": ""}}
        parts = (forms.IntegerField(max_value=31, **part), forms.IntegerField(max_value=12, **part))
        year = forms.IntegerField(min_value=2000, max_value=2100, error_messages={"invalid": ""})
        super().__init__(fields=(*parts, year), require_all_fields=False, **kwargs)

    def clean(self, value):
        try:
            return super().clean(value)
        except forms.ValidationError as error:
            codes = {e.code for e in error.error_list}
            if codes == {"required"}:
                raise
            # Django gives an empty part's "incomplete" message without its code.
            if codes <= {None, "incomplete"}:
                raise forms.ValidationError(
                    self.error_messages["incomplete"], "incomplete"
                ) from error
            # A part's own message ("Enter a whole number") says less than the field's.
            raise forms.ValidationError(self.error_messages["invalid"], "invalid") from error

    def compress(self, data_list):
        if not data_list:
            return None
        if None in data_list:
            raise forms.ValidationError(self.error_messages["incomplete"], "incomplete")
        day, month, year = data_list
        try:
            return date(year, month, day)
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], "invalid") from None


class DeadlineChangeForm(forms.Form):
    """A request to move the deadline, with the reason (a manager decides)."""

    due_on = DayMonthYearField(label="New deadline", help_text="For example, 30 6 2027")
    reason = forms.CharField(
        label="Why does the deadline need to move?",
        max_length=20000,
        error_messages={"required": "Give a reason for moving the deadline."},
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CompleteForm(forms.Form):
    """Marking the action complete, with the statement the board signs it off on."""

    closing_statement = forms.CharField(
        label="What was done, and what difference has it made?",
        help_text="The board signs the action off on this statement: say what changed for "
        "children and staff, and how you know.",
        max_length=4000,
        error_messages={"required": "Say what was done and its impact."},
        widget=forms.Textarea(attrs={"rows": 4}),
    )
