"""The admin's plan import forms: the upload, and the mapping of unrecognised headings."""

from django import forms

from spreadsheets.columns import COLUMNS, IGNORE

COLUMN_CHOICES = [(IGNORE, "Ignore this column"), *((c.key, c.heading) for c in COLUMNS)]


class PlanUploadForm(forms.Form):
    file = forms.FileField(
        label="Plan file",
        help_text="An Excel workbook (.xlsx) or a CSV file; the plan in its first sheet.",
    )
    create_owners = forms.BooleanField(
        label="Create owners who are not yet users as plan owners, and email them an invitation",
        required=False,
        help_text="Only owners given by an email address can be created.",
    )


class ColumnMappingForm(forms.Form):
    """One choice per heading the import did not recognise."""

    def __init__(self, *args, headings=(), mapping=None, **kwargs):
        super().__init__(*args, **kwargs)
        mapping = mapping or {}
        self.headings = list(headings)
        for index, heading in enumerate(self.headings):
            self.fields[f"column_{index}"] = forms.ChoiceField(
                label=heading, choices=COLUMN_CHOICES, initial=mapping.get(heading, IGNORE)
            )

    def mapping(self) -> dict[str, str]:
        return {
            heading: self.cleaned_data[f"column_{index}"]
            for index, heading in enumerate(self.headings)
        }
