"""How the pages word things: moments, first lines, people."""

from datetime import UTC, datetime

import pytest

from pages.display import first_line, moment, person
from tests.factories import UserFactory


@pytest.mark.parametrize(
    ("when", "expected"),
    [
        (datetime(2026, 12, 2, 1, 56, tzinfo=UTC), "2 December 2026 at 1:56am"),
        (datetime(2026, 12, 2, 12, 5, tzinfo=UTC), "2 December 2026 at 12:05pm"),
        (datetime(2026, 12, 2, 0, 5, tzinfo=UTC), "2 December 2026 at 12:05am"),
        # British Summer Time: 13:30 UTC is 2:30pm in London.
        (datetime(2026, 6, 30, 13, 30, tzinfo=UTC), "30 June 2026 at 2:30pm"),
    ],
)
def test_moment_reads_as_gov_uk_style_in_london_time(when, expected):
    assert moment(when) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Audits started.\nMore later.", "Audits started."),
        ("  \n", ""),
        ("x" * 130, "x" * 119 + "…"),
    ],
)
def test_first_line_is_the_first_line_shortened(text, expected):
    assert first_line(text) == expected


@pytest.mark.django_db
def test_person_is_the_name_else_the_username_else_the_system():
    assert person(UserFactory(first_name="Jo", last_name="Morgan")) == "Jo Morgan"
    assert person(UserFactory(username="jm", first_name="", last_name="")) == "jm"
    assert person(None) == "the system"
