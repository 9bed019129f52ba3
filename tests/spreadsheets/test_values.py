"""Reading cells: UK dates, RAG words and letters, statuses, owners; and matching headings."""

from datetime import date, datetime

import pytest

from spreadsheets.columns import IGNORE, match_headings, recognise
from spreadsheets.values import (
    CellError,
    neutralise,
    read_date,
    read_person,
    read_rag,
    read_status,
    text_of,
)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (datetime(2025, 3, 31, 0, 0), date(2025, 3, 31)),  # an Excel date cell
        (date(2025, 3, 31), date(2025, 3, 31)),
        ("31/03/2025", date(2025, 3, 31)),
        ("31/3/25", date(2025, 3, 31)),
        ("31-03-2025", date(2025, 3, 31)),
        ("31.03.2025", date(2025, 3, 31)),
        ("2025-03-31", date(2025, 3, 31)),
        ("31 March 2025", date(2025, 3, 31)),
        ("31st March 2025", date(2025, 3, 31)),
        ("31 Mar 2025", date(2025, 3, 31)),
        ("1 Sept 2025", date(2025, 9, 1)),
        ("March 2025", date(2025, 3, 31)),
        ("February 2024", date(2024, 2, 29)),
        ("", None),
        (None, None),
    ],
)
def test_uk_dates_are_read(cell, expected):
    assert read_date(cell) == expected


@pytest.mark.parametrize("cell", ["31/13/2025", "30/02/2025", "soon", "Q3 2025", "03/31/2025"])
def test_a_date_it_cannot_read_says_how_to_write_one(cell):
    with pytest.raises(CellError, match="as a date: write it as 31/03/2025"):
        read_date(cell)


@pytest.mark.parametrize(
    ("cell", "rag"),
    [
        ("Red", "red"),
        ("r", "red"),
        ("AMBER", "amber"),
        ("A", "amber"),
        ("Green", "green"),
        ("g", "green"),
        ("Blue", "blue"),
        ("Complete", "blue"),
        ("C", "blue"),
        ("", None),
    ],
)
def test_rag_words_and_letters_are_read(cell, rag):
    assert read_rag(cell) == (rag, "")


@pytest.mark.parametrize(
    ("cell", "rag"), [("A/G", "amber"), ("R/A", "red"), ("Amber-Green", "amber"), ("G/C", "green")]
)
def test_a_compound_rag_is_the_worse_colour_with_a_warning(cell, rag):
    found, warning = read_rag(cell)
    assert found == rag
    assert "two colours" in warning and "the worse" in warning


def test_a_rag_it_cannot_read_is_an_error():
    with pytest.raises(CellError, match="as a RAG"):
        read_rag("Purple")


@pytest.mark.parametrize(
    ("cell", "status"),
    [
        ("Not started", "not_started"),
        ("in progress", "in_progress"),
        ("In-progress", "in_progress"),
        ("Ongoing", "in_progress"),
        ("Completed", "complete"),
        ("", None),
    ],
)
def test_statuses_are_read(cell, status):
    assert read_status(cell) == status


@pytest.mark.parametrize(
    ("cell", "person"),
    [
        ("jo@medway.example", ("", "jo@medway.example")),
        ("Jo Bloggs <Jo@Medway.example>", ("Jo Bloggs", "jo@medway.example")),
        ("  Jo   Bloggs ", ("Jo Bloggs", "")),
    ],
)
def test_owner_cells_give_a_name_and_an_email(cell, person):
    assert read_person(cell) == person


@pytest.mark.parametrize("text", ["=SUM(A1:A2)", "+44 1634", "-1", "@cmd"])
def test_text_a_spreadsheet_would_run_is_neutralised_and_read_back_unchanged(text):
    assert neutralise(text).startswith("'")
    assert text_of(neutralise(text)) == text.strip()


# One row per heading variant councils use (domain.md), matched whatever the case and punctuation.
@pytest.mark.parametrize(
    ("heading", "key"),
    [
        ("Ref", "reference"),
        ("Reference", "reference"),
        ("No.", "reference"),
        ("Rec no", "recommendation_number"),
        ("Recommendation", "recommendation"),
        ("Objective", "recommendation"),
        ("Action", "title"),
        ("ACTION REQUIRED", "title"),
        ("Forward actions", "title"),
        ("Desired outcome", "description"),
        ("Owner", "owner"),
        ("Lead officer", "owner"),
        ("Responsible Officer", "owner"),
        ("Lead officer / agency", "owner"),
        ("Lead agency", "lead_agency"),
        ("Partner", "lead_agency"),
        ("Start date", "start_on"),
        ("Deadline", "due_on"),
        ("Planned completion date", "due_on"),
        ("Due date", "due_on"),
        ("Target date", "due_on"),
        ("Revised deadline", "revised_due_on"),
        ("Status", "status"),
        ("Progress", "progress"),
        ("Progress and impact", "progress"),
        ("Progress & Impact", "progress"),
        ("Update", "progress"),
        ("Latest update", "progress"),
        ("6-month progress", "progress"),
        ("6 month progress", "progress"),
        ("RAG", "rag"),
        ("Progress rating", "rag"),
        ("Status (RAG)", "rag"),
        ("Inspection", IGNORE),
    ],
)
def test_each_heading_variant_is_recognised(heading, key):
    assert recognise(heading) == key


def test_a_mapping_names_the_column_of_a_heading_it_did_not_know():
    match = match_headings(["Ref", "Who", "Notes"], {"who": "owner"})

    assert match.positions == {"reference": 0, "owner": 1}
    assert match.unrecognised == ("Notes",)


def test_the_second_heading_of_one_column_is_reported_and_ignored():
    match = match_headings(["Deadline", "Due date"])

    assert match.positions == {"due_on": 0}
    assert match.duplicates == ("Due date",)
