"""A sheet's data rows read into ``SheetRow`` values, every unreadable cell a ``Problem``.

Pure: no database. What the rows mean for the saved plan (create, update, unchanged) is
``spreadsheets.plan``'s business.
"""

from dataclasses import dataclass, field
from datetime import date

from spreadsheets.columns import COLUMNS, HeadingMatch
from spreadsheets.reading import Formula, Sheet
from spreadsheets.values import (
    CellError,
    number_of_reference,
    read_date,
    read_number,
    read_person,
    read_rag,
    read_status,
    text_of,
)

HEADING_OF = {column.key: column.heading for column in COLUMNS}
TITLE_LENGTH = 200
READERS = {
    "recommendation_number": read_number,
    "start_on": read_date,
    "due_on": read_date,
    "revised_due_on": read_date,
    "status": read_status,
}


@dataclass(frozen=True)
class Problem:
    """Something wrong (or worth a warning) with a row's cell, or with the whole file."""

    row: int | None
    column: str | None
    message: str

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "message": self.message}

    def __str__(self) -> str:
        where = f"Row {self.row}" if self.row else "File"
        return f"{where}{f', {self.column}' if self.column else ''}: {self.message}"


@dataclass
class SheetRow:
    """One data row's values; ``None`` where the cell was blank (or its column absent)."""

    row: int
    number: int | None = None
    recommendation: str = ""
    reference: str = ""
    title: str = ""
    description: str = ""
    owner_name: str = ""
    owner_email: str = ""
    lead_agency: str = ""
    start_on: date | None = None
    due_on: date | None = None
    revised_due_on: date | None = None
    status: str | None = None
    progress: str = ""
    rag: str | None = None
    errors: list[Problem] = field(default_factory=list)
    unreadable: set[str] = field(default_factory=set)  # keys of the cells in ``errors``
    warnings: list[Problem] = field(default_factory=list)

    @property
    def has_action(self) -> bool:
        return bool(self.reference or self.title)


class RowReader:
    """Reads rows in order, carrying a blank recommendation forward from the row above (a
    plan lists a recommendation once, then its actions beneath it)."""

    def __init__(self, match: HeadingMatch, headings: list[str]):
        self.positions = match.positions
        self.headings = headings
        self.last_number: int | None = None
        self.last_text = ""

    def column(self, key: str) -> str:
        position = self.positions.get(key)
        return self.headings[position] if position is not None else HEADING_OF[key]

    def read(self, number: int, cells: list) -> SheetRow | None:
        values = {key: cells[i] if i < len(cells) else None for key, i in self.positions.items()}
        if all(text_of(v) == "" for v in values.values() if not isinstance(v, Formula)) and not any(
            isinstance(v, Formula) for v in values.values()
        ):
            return None
        row = SheetRow(row=number)
        for key, value in values.items():
            self._read_cell(row, key, value)
        self._carry_forward(row)
        return row

    def _read_cell(self, row: SheetRow, key: str, value) -> None:
        if isinstance(value, Formula):
            row.unreadable.add(key)
            row.errors.append(
                Problem(
                    row.row,
                    self.column(key),
                    f"This cell holds a formula ({value.text[:40]}): replace it with its value "
                    "(copy, then Paste Special › Values).",
                )
            )
            return
        try:
            self._store(row, key, value)
        except CellError as error:
            row.unreadable.add(key)
            row.errors.append(Problem(row.row, self.column(key), str(error)))

    def _store(self, row: SheetRow, key: str, value) -> None:
        if key in READERS:
            setattr(row, "number" if key == "recommendation_number" else key, READERS[key](value))
        elif key == "owner":
            row.owner_name, row.owner_email = read_person(value)
        elif key == "rag":
            row.rag, warning = read_rag(value)
            if warning:
                row.warnings.append(Problem(row.row, self.column("rag"), warning))
        else:
            setattr(row, key, text_of(value))

    def _carry_forward(self, row: SheetRow) -> None:
        if row.number is None and row.reference:
            row.number = number_of_reference(row.reference)
        if row.number is None and not row.recommendation:
            row.number = self.last_number
        if row.number == self.last_number and not row.recommendation:
            row.recommendation = self.last_text
        self.last_number, self.last_text = row.number, row.recommendation


def read_rows(sheet: Sheet, match: HeadingMatch) -> list[SheetRow]:
    """Every non-blank data row of ``sheet``, in order."""
    reader = RowReader(match, sheet.headings)
    rows = []
    for number, cells in sheet.rows:
        row = reader.read(number, cells)
        if row is not None:
            rows.append(row)
    return rows


def split_title(text: str) -> tuple[str, str]:
    """``(title, description)``: a text over ``TITLE_LENGTH`` characters is shortened at a word
    for the title and kept whole as the description."""
    if len(text) <= TITLE_LENGTH:
        return text, ""
    cut = text[: TITLE_LENGTH - 1].rsplit(" ", 1)[0]
    return f"{cut}…", text
