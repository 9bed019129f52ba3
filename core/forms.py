"""Form fields shared by the back office's forms."""

from django import forms


class DayListField(forms.CharField):
    """A list of whole days typed as numbers separated by commas ("14, 3, 0"), not as JSON.

    Blank is the empty list. The model's own validator still judges the list (range,
    duplicates); this field only reads it, and says plainly what it could not read.
    """

    default_error_messages = {
        "invalid": "Enter whole numbers of days separated by commas, for example 14, 3, 0.",
    }

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return ", ".join(str(day) for day in value)
        return value

    def to_python(self, value):
        text = super().to_python(value).strip().strip("[]")
        parts = [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]
        try:
            return [int(part) for part in parts]
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None

    def has_changed(self, initial, data):
        try:
            return self.to_python(data) != list(initial or [])
        except forms.ValidationError:
            return True
