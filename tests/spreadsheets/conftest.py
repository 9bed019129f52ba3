"""Real plan files made in the test: XLSX by openpyxl (date cells and text dates), CSV as bytes
in UTF-8 with a byte-order mark or in Windows-1252."""

import csv
import io
from datetime import date

import pytest
from openpyxl import Workbook

from tenancy.choices import ServiceRole
from tests.factories import AgencyFactory, InspectionFactory, member

HEADINGS = [
    "Ref",
    "Recommendation",
    "Action required",
    "Lead officer",
    "Lead agency",
    "Start date",
    "Planned completion date",
    "Progress and impact",
    "RAG",
]


def xlsx_bytes(rows: list[list], *, title: str | None = None, merge: str | None = None) -> bytes:
    """A workbook whose first sheet holds ``rows`` (a ``date`` becomes an Excel date cell)."""
    workbook = Workbook()
    sheet = workbook.active
    if title:
        sheet.append([title])
    for row in rows:
        sheet.append(row)
    for cell in sheet.iter_rows():
        for c in cell:
            if isinstance(c.value, date):
                c.number_format = "DD/MM/YYYY"
    if merge:
        sheet.merge_cells(merge)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def csv_bytes(rows: list[list], *, encoding: str = "utf-8-sig") -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode(encoding)


def plan(*rows: list) -> list[list]:
    return [HEADINGS, *rows]


ROW_1A = [
    "1a",
    "Improve assessment quality",
    "Audit ten assessments a month",
    "Jo Bloggs",
    "Kent Police",
    date(2025, 1, 6),
    date(2025, 3, 31),
    "Audits started.",
    "Amber",
]
ROW_1B = [
    "1b",
    "",
    "Train staff in desistance planning",
    "jo@medway.example",
    "",
    "06/01/2025",
    "30 June 2025",
    "",
    "",
]


@pytest.fixture
def inspection(service):
    return InspectionFactory(service=service)


@pytest.fixture
def jo(service):
    return member(
        service,
        ServiceRole.PLAN_OWNER,
        username="jo",
        first_name="Jo",
        last_name="Bloggs",
        email="jo@medway.example",
    )


@pytest.fixture
def police(service):
    return AgencyFactory(service=service, name="Kent Police")
