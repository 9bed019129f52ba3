"""Opening an uploaded plan: XLSX (streamed by read-only openpyxl, so memory stays flat) or CSV
(UTF-8, with or without a byte-order mark, else Windows-1252), and finding its heading row.

A file that cannot be a plan raises ``FileRefused`` with a message for the person uploading it;
a formula cell is not refused here but read as a ``Formula``, so its row and column are named.
"""

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from xml.etree import ElementTree

from django.conf import settings

from spreadsheets.columns import looks_like_heading_row, normalise
from spreadsheets.values import text_of

ZIP_MAGIC = b"PK\x03\x04"
# An OLE compound file: how Excel stores a password-protected workbook (and old .xls files).
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
HEADING_SEARCH_ROWS = 10
# Far more than any plan has: a file with more rows is something else (or a zip bomb).
MAX_ROWS = 20_000
# What a damaged file can raise part-way through (a CSV with a NUL or a huge field, a workbook
# whose XML or zip breaks off): each is told as a refusal of the file, never a 500.
UNREADABLE = (
    csv.Error,
    zipfile.BadZipFile,
    ElementTree.ParseError,
    KeyError,
    ValueError,
    TypeError,
    OSError,
    EOFError,
)
SPREADSHEET_HELP = "upload the plan as an Excel workbook (.xlsx) or a CSV file"


class FileRefused(ValueError):
    """A file that is not a readable plan, with the reason in words."""


@dataclass(frozen=True)
class Formula:
    """A cell holding a formula: refused with its row and column (its value was never saved)."""

    text: str


@dataclass
class Sheet:
    """The heading row (1-based ``heading_row``) and a stream of ``(row number, cells)``."""

    headings: list[str]
    heading_row: int
    rows: Iterator[tuple[int, list]]


def max_upload_bytes() -> int:
    return settings.PLAN_IMPORT_MAX_MEGABYTES * 1024 * 1024


def check_size(size: int) -> None:
    """Refuse a file over ``PLAN_IMPORT_MAX_MEGABYTES`` before reading any of it."""
    if size > max_upload_bytes():
        raise FileRefused(
            f"The file is {size / 1024 / 1024:.1f} MB; the most yjtracker reads is "
            f"{settings.PLAN_IMPORT_MAX_MEGABYTES} MB. A plan is rarely over 1 MB: check it is "
            "the right file."
        )


def upload_content(upload) -> bytes:
    """An uploaded file's bytes, refusing one over the limit before reading it."""
    check_size(upload.size)
    upload.seek(0)
    return upload.read()


def open_sheet(content: bytes, mapping: dict[str, str] | None = None) -> Sheet:
    """The first sheet of ``content`` (XLSX or CSV), from its heading row on."""
    check_size(len(content))
    if content.startswith(OLE_MAGIC):
        raise FileRefused(
            "This workbook is password-protected or in the old .xls format: in Excel, remove "
            "the password (File › Info › Protect Workbook) and save it as .xlsx, then upload it "
            "again."
        )
    if content.startswith(ZIP_MAGIC):
        return _xlsx_sheet(content, mapping)
    return _csv_sheet(content, mapping)


def _xlsx_sheet(content: bytes, mapping) -> Sheet:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
        worksheet = workbook.worksheets[0]
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, IndexError) as error:
        raise FileRefused(
            f"This is not an Excel workbook yjtracker can read: {SPREADSHEET_HELP}."
        ) from error
    rows = (
        (number, [_xlsx_value(cell) for cell in cells])
        for number, cells in enumerate(worksheet.iter_rows(), start=1)
    )
    sheet = _from_heading_row(_guarded(rows), mapping)
    try:
        merged = _merged_across(workbook, worksheet, sheet.heading_row)
    except UNREADABLE as error:
        raise FileRefused(f"This workbook is damaged: {SPREADSHEET_HELP}.") from error
    if merged:
        raise FileRefused(
            f"The heading row (row {sheet.heading_row}) has merged cells ({', '.join(merged)}): "
            "unmerge them so that each column has a heading of its own."
        )
    return sheet


def _xlsx_value(cell):
    if getattr(cell, "data_type", None) == "f":
        return Formula(str(cell.value))
    return cell.value


def _merged_across(workbook, worksheet, row: int) -> list[str]:
    """The merged ranges covering ``row`` (read from the sheet's XML: read-only mode has none)."""
    from openpyxl.utils.cell import range_boundaries

    found = []
    with workbook._archive.open(worksheet._worksheet_path) as xml:
        for _, element in ElementTree.iterparse(xml):
            if element.tag.endswith("}mergeCell"):
                ref = element.get("ref", "")
                _, min_row, _, max_row = range_boundaries(ref)
                if min_row is not None and max_row is not None and min_row <= row <= max_row:
                    found.append(ref)
            element.clear()
    return found


def _csv_sheet(content: bytes, mapping) -> Sheet:
    # Text files carry no NUL (and PostgreSQL could not store one): binary, whatever its name.
    if b"\x00" in content:
        raise FileRefused(f"This is not a spreadsheet: {SPREADSHEET_HELP}.")
    text = _decode(content)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel  # type: ignore[assignment]
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    return _from_heading_row(_guarded(enumerate(reader, start=1)), mapping)


def _guarded(rows: Iterator[tuple[int, list]]) -> Iterator[tuple[int, list]]:
    """``rows``, with a damaged file or one of more than ``MAX_ROWS`` rows refused."""
    number = 0
    try:
        for number, cells in rows:
            if number > MAX_ROWS:
                raise FileRefused(
                    f"The sheet has more than {MAX_ROWS:,} rows: a plan has far fewer. Check it "
                    "is the right file, or split it."
                )
            yield number, cells
    except FileRefused:
        raise
    except UNREADABLE as error:
        raise FileRefused(
            f"Row {number + 1} of this file cannot be read ({type(error).__name__}): "
            f"{SPREADSHEET_HELP}."
        ) from error


def _decode(content: bytes) -> str:
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return content.decode("cp1252")
    except UnicodeDecodeError:
        raise FileRefused(
            f"This file is not text in UTF-8 or Windows-1252, so not a CSV: {SPREADSHEET_HELP}."
        ) from None


def _from_heading_row(rows: Iterator[tuple[int, list]], mapping) -> Sheet:
    """Skip to the first of the top rows that names two plan columns (a title may sit above)."""
    mapped = {normalise(name) for name in (mapping or {})}
    seen_content = False
    for number, cells in rows:
        headings = [text_of(cell) if not isinstance(cell, Formula) else "" for cell in cells]
        seen_content = seen_content or any(headings)
        if looks_like_heading_row(headings) or (
            mapped and sum(normalise(h) in mapped for h in headings if h) >= 1
        ):
            return Sheet(_trimmed(headings), number, rows)
        if number >= HEADING_SEARCH_ROWS:
            break
    if not seen_content:
        raise FileRefused("The sheet is empty: put the plan in the first sheet, headings first.")
    raise FileRefused(
        f"No heading row found in the first {HEADING_SEARCH_ROWS} rows: give the columns "
        "headings such as Ref, Recommendation, Action, Owner, Deadline, Progress and RAG "
        "(download the template to see them all)."
    )


def _trimmed(headings: list[str]) -> list[str]:
    while headings and not headings[-1]:
        headings.pop()
    return headings
