"""The board pack as a workbook: a summary sheet, then one sheet per inspection plan, each with
a frozen header row, real date cells and a filter on its columns (RAG among them)."""

import io
import re

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from board.columns import COLUMNS, neutralised, row_values
from inspections.choices import RAG

DATE_FORMAT = "d mmmm yyyy"
BOLD = Font(bold=True)
# Characters Excel refuses in a sheet's name, and its length limit.
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
SHEET_NAME_LENGTH = 31
WIDTHS = {"Recommendation text": 50, "Action": 40, "Latest update": 60, "Why": 24}


def workbook_of(pack: dict) -> bytes:
    """The xlsx file of ``pack``."""
    book = Workbook()
    _summary(book.active, pack)
    used = {book.active.title}
    for inspection in pack["inspections"]:
        rows = [r for r in pack["rows"] if r["inspection_id"] == inspection["id"]]
        _plan_sheet(book.create_sheet(_sheet_name(inspection["title"], used)), rows)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _sheet_name(title: str, used: set[str]) -> str:
    base = SHEET_NAME_FORBIDDEN.sub(" ", title).strip()[:SHEET_NAME_LENGTH] or "Plan"
    name, n = base, 2
    while name.lower() in {u.lower() for u in used}:
        suffix = f" ({n})"
        name, n = base[: SHEET_NAME_LENGTH - len(suffix)] + suffix, n + 1
    used.add(name)
    return name


def _summary(sheet, pack: dict) -> None:
    sheet.title = "Summary"
    sheet.append([neutralised(pack["service"]["name"])])
    sheet.append(["Board pack as at", pack["as_at"]])
    sheet.append([pack["rule"]])
    sheet.append([])
    header = [
        "Plan",
        "RAG",
        "Red",
        "Amber",
        "Green",
        "Complete",
        "Unplanned",
        "Overdue",
        "% complete",
    ]
    sheet.append(header)
    header_row = sheet.max_row
    for inspection in pack["inspections"]:
        counts = inspection["rag_counts"]
        sheet.append([neutralised(inspection["title"]), *_counts(counts)])
    sheet.append(["All plans", *_counts(pack["totals"])])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["B2"].number_format = DATE_FORMAT
    for cell in sheet[header_row]:
        cell.font = BOLD
    sheet.freeze_panes = f"A{header_row + 1}"
    sheet.column_dimensions["A"].width = 50
    sheet.column_dimensions["B"].width = 18


def _counts(counts: dict) -> list:
    return [
        RAG(counts["rag"]).label,
        counts["red"],
        counts["amber"],
        counts["green"],
        counts["blue"],
        counts["unplanned"],
        counts["overdue"],
        counts["percent_complete"],
    ]


def _plan_sheet(sheet, rows: list[dict]) -> None:
    sheet.append([heading for heading, _ in COLUMNS])
    for cell in sheet[1]:
        cell.font = BOLD
    for row in rows:
        sheet.append(row_values(row))
    for column, (heading, key) in enumerate(COLUMNS, start=1):
        letter = get_column_letter(column)
        sheet.column_dimensions[letter].width = WIDTHS.get(heading, 14)
        if key.endswith("_on"):
            for (cell,) in sheet.iter_rows(min_row=2, min_col=column, max_col=column):
                cell.number_format = DATE_FORMAT
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{len(rows) + 1}"
