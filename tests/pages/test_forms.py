"""The deadline request's date, typed as day, month and year (GOV.UK's date input)."""

from datetime import date

import pytest

from pages.forms import DeadlineChangeForm


def posted(day, month, year):
    return {"due_on_0": day, "due_on_1": month, "due_on_2": year, "reason": "Staff vacancy"}


@pytest.mark.parametrize(
    ("parts", "due_on", "error"),
    [
        (("30", "6", "2027"), date(2027, 6, 30), None),
        ((" 1 ", "02", "2028"), date(2028, 2, 1), None),
        (("", "", ""), None, "Enter the new deadline."),
        (("3", "", "2027"), None, "Enter the new deadline's day, month and year."),
        (
            ("31", "2", "2027"),
            None,
            "Enter the new deadline as a real date, for example 30 6 2027.",
        ),
        (("a", "6", "2027"), None, "Enter the new deadline as a real date, for example 30 6 2027."),
        (
            ("30", "13", "2027"),
            None,
            "Enter the new deadline as a real date, for example 30 6 2027.",
        ),
        (("30", "6", "27"), None, "Enter the new deadline as a real date, for example 30 6 2027."),
    ],
)
def test_the_new_deadline_is_a_real_date_from_three_boxes(parts, due_on, error):
    form = DeadlineChangeForm(posted(*parts))

    assert form.is_valid() is (error is None)
    assert form.cleaned_data.get("due_on") == due_on
    assert form.errors.get("due_on", [None]) == [error]
