"""Previewing and importing real plan files: what is created, changed and refused, by row."""

import io
import re
import zipfile
from datetime import date

import pytest
from django.core import mail
from openpyxl import load_workbook

from actions.models import Action, ProgressUpdate
from delivery.models import Delivery
from events.models import DomainEvent
from inspections.models import Recommendation
from notifications.emails import build_message
from spreadsheets import exporting
from spreadsheets.invitations import INVITATION_KIND
from spreadsheets.models import PlanImport
from spreadsheets.operations import import_plan, preview_plan_import
from spreadsheets.reading import OLE_MAGIC
from tenancy.models import ServiceMembership
from tenancy.rules import NotAllowed
from tests.spreadsheets.conftest import (
    HEADINGS,
    ROW_1A,
    ROW_1B,
    csv_bytes,
    plan,
    xlsx_bytes,
)

pytestmark = pytest.mark.usefixtures("today")


def preview(inspection, actor, content, **options):
    return preview_plan_import(
        inspection=inspection, actor=actor, content=content, file_name="plan.xlsx", **options
    )


def run(inspection, actor, content, **options):
    return import_plan(
        inspection=inspection, actor=actor, content=content, file_name="plan.xlsx", **options
    )


def messages(result) -> list[tuple]:
    return [(p.row, p.column, p.message) for p in result.errors]


def test_an_xlsx_with_date_cells_and_text_dates_is_imported_through_the_operations(
    inspection, manager, jo, police
):
    result = run(inspection, manager, xlsx_bytes(plan(ROW_1A, ROW_1B)))

    assert result.errors == []
    assert result.created == {
        "recommendations": 1,
        "actions": 2,
        "progress_updates": 1,
        "owners": 0,
    }
    first, second = Action.objects.order_by("reference")
    assert (first.reference, first.owner, first.lead_agency) == ("1a", jo, police)
    assert (first.start_on, first.due_on) == (date(2025, 1, 6), date(2025, 3, 31))
    assert (second.start_on, second.due_on) == (date(2025, 1, 6), date(2025, 6, 30))
    assert first.recommendation.text == "Improve assessment quality"
    assert second.recommendation == first.recommendation  # carried down from the row above
    update = ProgressUpdate.objects.get()
    assert (update.action, update.author, update.assessed_rag) == (first, manager, "amber")
    assert first.rag == "red"  # its deadline has passed: computed, as by hand
    kinds = set(DomainEvent.objects.values_list("type", flat=True))
    assert {"recommendation.added", "action.created", "progress.recorded"} <= kinds
    assert PlanImport.objects.get().summary["created"]["actions"] == 2


def test_the_preview_writes_nothing(inspection, manager, jo, police):
    result = preview(inspection, manager, xlsx_bytes(plan(ROW_1A, ROW_1B)))

    assert [outcome for _, outcome, _ in result.rows] == ["create", "create"]
    assert not Recommendation.objects.exists()
    assert not DomainEvent.objects.exists()


def test_importing_the_same_file_twice_changes_nothing_and_records_no_event(
    inspection, manager, jo, police
):
    content = xlsx_bytes(plan(ROW_1A, ROW_1B))
    run(inspection, manager, content)
    events = DomainEvent.objects.count()

    again = run(inspection, manager, content)

    assert again.errors == []
    assert again.unchanged == 2
    assert again.created["actions"] == again.updated["actions"] == 0
    assert DomainEvent.objects.count() == events


def test_an_edited_file_updates_the_matching_action_and_says_what_changed(
    inspection, manager, jo, police
):
    run(inspection, manager, xlsx_bytes(plan(ROW_1A, ROW_1B)))
    edited = [*ROW_1B]
    edited[2], edited[6] = "Train every officer in desistance planning", "31/07/2025"

    result = run(inspection, manager, xlsx_bytes(plan(ROW_1A, edited)))

    assert result.updated["actions"] == 1
    assert result.rows[1] == (3, "update", "action 1b: Action, Deadline changed")
    action = Action.objects.get(reference="1b")
    assert action.title == "Train every officer in desistance planning"
    assert (action.original_due_on, action.due_on) == (date(2025, 6, 30), date(2025, 7, 31))
    assert action.deadline_revisions.get().reason == "Revised deadline imported from plan.xlsx."


def test_a_csv_in_utf8_with_a_byte_order_mark_is_read(inspection, manager, jo, police):
    row = [*ROW_1A]
    row[1], row[5], row[6] = "Improve the child’s assessment – quality", "06/01/2025", "31/03/2025"

    result = run(inspection, manager, csv_bytes(plan(row), encoding="utf-8-sig"))

    assert result.errors == []
    assert Recommendation.objects.get().text == "Improve the child’s assessment – quality"


def test_a_csv_in_windows_1252_is_read(inspection, manager, jo, police):
    row = [*ROW_1A]
    row[1], row[5], row[6] = (
        "Improve the child’s assessment – quality £",
        "06/01/2025",
        "31/03/2025",
    )

    result = run(inspection, manager, csv_bytes(plan(row), encoding="cp1252"))

    assert result.errors == []
    assert Recommendation.objects.get().text == "Improve the child’s assessment – quality £"


def test_a_title_row_above_the_headings_is_skipped(inspection, manager, jo, police):
    result = preview(inspection, manager, xlsx_bytes(plan(ROW_1A), title="Improvement plan 2025"))

    assert result.errors == []
    assert result.rows == [(3, "create", "action 1a")]


def test_the_cambridgeshire_columns_number_the_objectives_and_their_actions(inspection, manager):
    rows = [
        ["Objective", "6 month progress", "Forward actions", "Progress rating", "Deadline"],
        ["Strengthen governance", "Board refreshed.", "Induct new members", "G", "31/03/2025"],
        ["", "", "Review terms of reference", "", "30/04/2025"],
        ["Improve planning", "", "Audit plans", "", "31/05/2025"],
    ]

    result = run(inspection, manager, xlsx_bytes(rows))

    assert result.errors == []
    refs = Action.objects.order_by("recommendation__number", "reference")
    assert [(a.recommendation.number, a.reference) for a in refs] == [
        (1, "1a"),
        (1, "1b"),
        (2, "2a"),
    ]
    assert {a.owner for a in refs} == {manager}  # no owner column: the importer owns them


# One test per kind of error: each names its row and column, and nothing is written.
def test_an_unknown_owner_is_an_error(inspection, manager, police):
    result = run(inspection, manager, xlsx_bytes(plan(ROW_1A)))

    assert messages(result) == [
        (
            2,
            "Lead officer",
            "No one called Jo Bloggs works in this service: give the email of someone who does, "
            "or choose to create unknown owners as plan owners.",
        )
    ]
    assert not Action.objects.exists() and not Recommendation.objects.exists()


def test_an_unreadable_date_is_an_error(inspection, manager, jo, police):
    row = [*ROW_1A]
    row[6] = "31/13/2025"

    result = run(inspection, manager, xlsx_bytes(plan(row)))

    assert messages(result) == [
        (
            2,
            "Planned completion date",
            "Cannot read '31/13/2025' as a date: write it as 31/03/2025 or 31 March 2025.",
        )
    ]


def test_a_deadline_before_the_start_is_an_error(inspection, manager, jo, police):
    row = [*ROW_1A]
    row[5], row[6] = "01/04/2025", "31/03/2025"

    result = run(inspection, manager, xlsx_bytes(plan(row)))

    assert messages(result) == [
        (
            2,
            "Planned completion date",
            "The deadline (31/03/2025) is before the start date (01/04/2025).",
        )
    ]


def test_a_duplicate_reference_is_an_error(inspection, manager, jo, police):
    result = run(inspection, manager, xlsx_bytes(plan(ROW_1A, ROW_1A)))

    assert messages(result) == [
        (
            3,
            "Ref",
            "Action 1a of recommendation 1 is already on row 2: give each action its own reference.",
        )
    ]
    assert not Action.objects.exists()


def test_a_new_recommendation_without_text_and_an_action_without_a_deadline_are_errors(
    inspection, manager, jo
):
    row = ["2a", "", "Something", "jo@medway.example", "", "", "", "", ""]

    result = preview(inspection, manager, xlsx_bytes(plan(row)))

    assert [m[:2] for m in messages(result)] == [
        (2, "Recommendation"),
        (2, "Planned completion date"),
    ]


def test_new_progress_without_a_rag_is_an_error(inspection, manager, jo, police):
    row = [*ROW_1A]
    row[8] = ""

    result = preview(inspection, manager, xlsx_bytes(plan(row)))

    assert messages(result) == [
        (2, "RAG", "Give the RAG (Red, Amber or Green) of the new progress.")
    ]


def test_a_compound_rag_is_taken_as_the_worse_colour_with_a_warning(
    inspection, manager, jo, police
):
    row = [*ROW_1A]
    row[8] = "A/G"

    result = run(inspection, manager, xlsx_bytes(plan(row)))

    assert result.errors == []
    assert [str(w) for w in result.warnings] == [
        "Row 2, RAG: 'A/G' gives two colours: taken as Amber, the worse."
    ]
    assert ProgressUpdate.objects.get().assessed_rag == "amber"


def test_a_complete_rag_completes_the_action(inspection, manager, jo, police):
    row = [*ROW_1A]
    row[8] = "Complete"

    run(inspection, manager, xlsx_bytes(plan(row)))

    action = Action.objects.get()
    assert (action.status, action.rag) == ("complete", "blue")
    assert action.closing_statement == "Audits started."  # the row's progress


def test_an_unknown_owner_with_an_email_is_created_and_invited_when_asked(
    inspection, manager, police, django_capture_on_commit_callbacks
):
    row = [*ROW_1A]
    row[3] = "Sam Patel <sam@medway.example>"

    with django_capture_on_commit_callbacks(execute=False):
        result = run(inspection, manager, xlsx_bytes(plan(row)), create_owners=True)

    assert result.errors == [] and result.created["owners"] == 1
    owner = Action.objects.get().owner
    assert (owner.email, owner.get_full_name()) == ("sam@medway.example", "Sam Patel")
    assert ServiceMembership.objects.get(user=owner).role == "plan_owner"
    invitation = Delivery.objects.get(kind=INVITATION_KIND)
    assert (invitation.recipient, invitation.service) == (owner, inspection.service)
    assert mail.outbox == []  # the ledger sends it, never the import


def test_only_a_service_manager_may_import(inspection, plan_owner):
    with pytest.raises(NotAllowed):
        preview(inspection, plan_owner, xlsx_bytes(plan(ROW_1A)))


# Bad files: a clear message, never an exception.
def _encrypted_workbook() -> bytes:
    # What Excel writes for a password-protected workbook: an OLE compound file, not a zip.
    return OLE_MAGIC + b"\x00" * 504 + b"EncryptedPackage" + b"\x00" * 1000


def _zip_that_is_not_a_workbook() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("notes.txt", "hello")
    return out.getvalue()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "This is not a spreadsheet"),
        (_zip_that_is_not_a_workbook(), "This is not an Excel workbook yjtracker can read"),
        (xlsx_bytes([]), "The sheet is empty"),
        (b"", "The sheet is empty"),
        (csv_bytes([["Colour", "Size"], ["red", "big"]]), "No heading row found"),
        (_encrypted_workbook(), "This workbook is password-protected"),
        (csv_bytes([HEADINGS]), "The sheet has headings but no rows of plan."),
    ],
    ids=["png", "zip", "empty-xlsx", "empty-csv", "no-headings", "password", "headings-only"],
)
def test_a_bad_file_gets_a_clear_message(inspection, manager, content, message):
    result = preview(inspection, manager, content)

    assert len(result.errors) == 1
    assert result.errors[0].message.startswith(message)
    assert result.errors[0].row is None


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(inspection, manager, settings):
    settings.PLAN_IMPORT_MAX_MEGABYTES = 1

    result = preview(inspection, manager, b"x" * (1024 * 1024 + 1))

    assert result.errors[0].message.startswith(
        "The file is 1.0 MB; the most yjtracker reads is 1 MB"
    )


def test_a_formula_cell_is_an_error_naming_its_row_and_column(inspection, manager, jo, police):
    row = [*ROW_1A]
    row[6] = "=TODAY()+30"

    result = preview(inspection, manager, xlsx_bytes(plan(row)))

    assert messages(result) == [
        (
            2,
            "Planned completion date",
            "This cell holds a formula (=TODAY()+30): replace it with its value (copy, then "
            "Paste Special › Values).",
        )
    ]


def test_a_merged_heading_is_refused(inspection, manager):
    result = preview(inspection, manager, xlsx_bytes(plan(ROW_1A), merge="B1:C1"))

    assert result.errors[0].message == (
        "The heading row (row 1) has merged cells (B1:C1): unmerge them so that each column has a "
        "heading of its own."
    )


# Export, then import: a council's round trip.
def _export(inspection) -> bytes:
    return exporting.write_xlsx(exporting.inspection_recommendations(inspection))


def test_an_exported_plan_edited_in_one_cell_imports_as_exactly_that_change(
    inspection, manager, jo, police
):
    run(inspection, manager, xlsx_bytes(plan(ROW_1A, ROW_1B)))
    workbook = load_workbook(io.BytesIO(_export(inspection)))
    sheet = workbook["Plan"]
    progress = [c.value for c in sheet[1]].index("Progress") + 1
    sheet.cell(row=3, column=progress, value="Training booked for May.")
    sheet.cell(row=3, column=progress + 1, value="Green")
    edited = io.BytesIO()
    workbook.save(edited)
    events = DomainEvent.objects.count()

    result = run(inspection, manager, edited.getvalue())

    assert result.errors == []
    assert [outcome for _, outcome, _ in result.rows] == ["unchanged", "update"]
    assert result.rows[1] == (3, "update", "action 1b: Progress changed")
    assert ProgressUpdate.objects.filter(action__reference="1b").get().narrative == (
        "Training booked for May."
    )
    assert DomainEvent.objects.count() > events


def test_an_export_imported_unedited_changes_nothing(inspection, manager, jo, police):
    run(inspection, manager, xlsx_bytes(plan(ROW_1A, ROW_1B)))
    events = DomainEvent.objects.count()

    for content in (
        _export(inspection),
        exporting.write_csv(exporting.inspection_recommendations(inspection)),
    ):
        result = run(inspection, manager, content)
        assert result.errors == [] and result.unchanged == 2

    assert DomainEvent.objects.count() == events


def test_the_invitation_links_to_choosing_a_password(
    inspection, manager, police, client, django_capture_on_commit_callbacks
):
    row = [*ROW_1A]
    row[3] = "sam@medway.example"
    with django_capture_on_commit_callbacks(execute=False):
        run(inspection, manager, xlsx_bytes(plan(row)), create_owners=True)

    message = build_message(Delivery.objects.get(kind=INVITATION_KIND))

    assert (
        message.subject == "You are a plan owner in Medway Youth Justice Service's improvement plan"
    )
    path = re.search(r"http://[^/\s]+(/accounts/reset/\S+/)", message.body)[1]
    page = client.get(path, follow=True)
    assert page.status_code == 200
    assert b"new_password1" in page.content


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            b"Ref,Action,Deadline\n" + b"1a,x,31/03/2027\n" * 500 + b"2a,y\x00z,\n",
            "This is not a spreadsheet",
        ),
        (
            b'Ref,Action,Deadline\n1a,"' + b"x" * 200_000 + b'",31/03/2027\n',
            "Row 2 of this file cannot be read (Error)",
        ),
    ],
    ids=["nul-past-the-start", "huge-field"],
)
def test_a_damaged_csv_is_refused_with_a_message(inspection, manager, content, message):
    result = preview(inspection, manager, content)

    assert result.errors[0].message.startswith(message)


def test_a_sheet_of_more_rows_than_any_plan_is_refused(inspection, manager, monkeypatch):
    monkeypatch.setattr("spreadsheets.reading.MAX_ROWS", 3)
    rows = [[f"1{letter}", "Rec", "Act", "", "", "", "31/03/2027", "", ""] for letter in "abcd"]

    result = preview(inspection, manager, csv_bytes(plan(*rows)))

    assert result.errors[0].message.startswith("The sheet has more than 3 rows")
