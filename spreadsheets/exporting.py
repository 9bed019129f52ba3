"""The plan written out in the template's columns (``spreadsheets.columns``), as XLSX or CSV, so
that a council can edit it in Excel and import it again: only its edits are then applied.

Text that a spreadsheet would run as a formula is neutralised: in CSV an apostrophe goes before
``= + - @`` (the import takes it off again); in XLSX every text cell is stored as text.
"""

import csv
import io
from collections.abc import Iterable, Iterator

from actions.models import Action, ProgressUpdate
from inspections.choices import RAG
from inspections.models import Recommendation
from spreadsheets.columns import COLUMNS
from spreadsheets.plan.state import latest_narratives
from spreadsheets.values import neutralise

INSPECTION_HEADING = "Inspection"
MATCHING_NOTE = (
    "Matching: a row updates the action with the same recommendation number and action "
    "reference, and creates one when there is none. A blank cell leaves the saved value as it "
    "is. Importing the same file again changes nothing."
)
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"


def _person(user) -> str:
    name = user.get_full_name()
    return (
        f"{name} <{user.email}>" if name and user.email else (user.email or name or user.username)
    )


def _action_cells(action: Action, latest_narrative: str) -> list:
    revised = action.due_on if action.due_on != action.original_due_on else None
    return [
        action.reference,
        action.title,
        action.description,
        _person(action.owner),
        action.lead_agency.name if action.lead_agency else "",
        action.start_on,
        action.original_due_on,
        revised,
        action.get_status_display(),
        latest_narrative,
        RAG(action.rag).label,
    ]


def plan_rows(recommendations, *, with_actions: bool = True) -> Iterator[tuple[object, list]]:
    """``(inspection, cells)`` per action (a recommendation without actions: one row of its own),
    in recommendation number and action reference order."""
    recommendations = recommendations.select_related("inspection").order_by(
        "inspection__fieldwork_start_on", "inspection_id", "number"
    )
    actions_of: dict[int, list[tuple[Action, str]]] = {}
    if with_actions:
        for action, narrative in _actions(recommendations):
            actions_of.setdefault(action.recommendation_id, []).append((action, narrative))
    for recommendation in recommendations:
        start = [recommendation.number, recommendation.text]
        actions = actions_of.get(recommendation.pk, [])
        if not actions:
            yield recommendation.inspection, start + [""] * (len(COLUMNS) - 2)
        for action, narrative in actions:
            yield recommendation.inspection, start + _action_cells(action, narrative)


def _actions(recommendations) -> Iterable[tuple[Action, str]]:
    """Each action with its latest progress narrative ("" without one)."""
    latest = latest_narratives(
        ProgressUpdate.objects.filter(action__recommendation__in=recommendations)
    )
    actions = (
        Action.objects.filter(recommendation__in=recommendations)
        .select_related("owner", "lead_agency")
        .order_by("recommendation_id", "reference", "id")
    )
    for action in actions.iterator(chunk_size=1000):
        yield action, latest.get(action.pk, "")


def headings(*, with_inspection: bool) -> list[str]:
    return ([INSPECTION_HEADING] if with_inspection else []) + [c.heading for c in COLUMNS]


def _rows(recommendations, with_inspection: bool, with_actions: bool) -> Iterator[list]:
    for inspection, cells in plan_rows(recommendations, with_actions=with_actions):
        yield ([str(inspection)] if with_inspection else []) + cells


def write_csv(recommendations, *, with_inspection=False, with_actions=True) -> bytes:
    """The plan as CSV: UTF-8 with a byte-order mark (so Excel reads it as such), UK dates."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headings(with_inspection=with_inspection))
    for cells in _rows(recommendations, with_inspection, with_actions):
        writer.writerow([_csv_cell(cell) for cell in cells])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _csv_cell(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    return neutralise(str(value))


def write_xlsx(recommendations, *, with_inspection=False, with_actions=True) -> bytes:
    """The plan as an Excel workbook: a "Plan" sheet (date cells, frozen heading row) and a
    "Columns" sheet saying what each column means. Written in openpyxl's write-only mode."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Plan")
    sheet.freeze_panes = "A2"
    sheet.append(headings(with_inspection=with_inspection))
    for cells in _rows(recommendations, with_inspection, with_actions):
        sheet.append([_xlsx_cell(sheet, WriteOnlyCell, value) for value in cells])
    _explain_columns(workbook.create_sheet("Columns"))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _xlsx_cell(sheet, cell_class, value):
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if isinstance(value, str):
        # Control characters (typed or pasted, say, into an API client) are not allowed in XLSX.
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell = cell_class(sheet, value=value)
    if hasattr(value, "strftime"):
        cell.number_format = "DD/MM/YYYY"
    elif isinstance(value, str):
        cell.data_type = "s"  # never a formula, whatever the text starts with
    return cell


def _explain_columns(sheet) -> None:
    sheet.append(["Column", "What it holds"])
    for column in COLUMNS:
        sheet.append([column.heading, column.meaning])
    sheet.append([])
    sheet.append(["", MATCHING_NOTE])


def inspection_recommendations(inspection):
    return Recommendation.objects.filter(inspection=inspection)


def service_recommendations(service):
    return Recommendation.objects.filter(inspection__service=service)
