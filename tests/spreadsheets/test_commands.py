"""``manage.py import_plan``: the preview report, one line per problem, and its exit status."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from actions.models import Action
from tests.spreadsheets.conftest import ROW_1A, ROW_1B, plan, xlsx_bytes

pytestmark = pytest.mark.usefixtures("today")


@pytest.fixture
def plan_file(tmp_path):
    def write(*rows):
        path = tmp_path / "plan.xlsx"
        path.write_bytes(xlsx_bytes(plan(*rows)))
        return str(path)

    return write


def test_a_dry_run_prints_the_report_and_writes_nothing(
    plan_file, inspection, manager, jo, police, capsys
):
    call_command("import_plan", plan_file(ROW_1A, ROW_1B), inspection=inspection.pk, dry_run=True)

    out = capsys.readouterr().out
    assert "Would import: 1 recommendations and 2 actions created" in out
    assert not Action.objects.exists()


def test_it_imports_as_the_named_manager(plan_file, inspection, manager, jo, police, capsys):
    call_command(
        "import_plan", plan_file(ROW_1A), "--inspection", str(inspection.pk), "--as", "manager"
    )

    assert "Imported: 1 recommendations and 1 actions created" in capsys.readouterr().out
    assert Action.objects.get().progress_updates.get().author == manager


def test_errors_are_one_line_each_with_the_row_and_the_exit_status_is_not_zero(
    plan_file, inspection, manager, police, capsys
):
    broken = [*ROW_1A]
    broken[6] = "someday"

    with pytest.raises(CommandError, match="2 problem"):
        call_command("import_plan", plan_file(broken), inspection=inspection.pk)

    errors = capsys.readouterr().err.splitlines()
    assert errors == [
        "Error: Row 2, Planned completion date: Cannot read 'someday' as a date: write it as "
        "31/03/2025 or 31 March 2025.",
        "Error: Row 2, Lead officer: No one called Jo Bloggs works in this service: give the email "
        "of someone who does, or choose to create unknown owners as plan owners.",
    ]
    assert not Action.objects.exists()


def test_an_unknown_inspection_or_user_or_a_missing_file_is_a_plain_error(
    plan_file, inspection, manager, tmp_path
):
    with pytest.raises(CommandError, match="No inspection has the id 999"):
        call_command("import_plan", plan_file(ROW_1A), inspection=999)
    with pytest.raises(CommandError, match="No user is called 'nobody'"):
        call_command("import_plan", plan_file(ROW_1A), inspection=inspection.pk, username="nobody")
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_plan", str(tmp_path / "missing.xlsx"), inspection=inspection.pk)


def test_a_heading_is_mapped_with_map(tmp_path, inspection, manager, jo, capsys):
    path = tmp_path / "plan.csv"
    path.write_text(
        "Ref,Recommendation,Action,Who,Deadline\n1a,Rec,Do it,jo@medway.example,31/03/2027\n"
    )

    call_command("import_plan", str(path), inspection=inspection.pk, mappings=["Who=owner"])

    assert Action.objects.get().owner == jo
