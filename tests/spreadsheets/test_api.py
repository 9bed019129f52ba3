"""The plan import and export API: the contract of issue 11."""

import io

import pytest
from openpyxl import load_workbook
from rest_framework.test import APIClient

from actions.models import Action
from events.models import DomainEvent
from spreadsheets.exporting import XLSX_TYPE
from tests.factories import InspectionFactory
from tests.spreadsheets.conftest import ROW_1A, ROW_1B, csv_bytes, plan, xlsx_bytes

pytestmark = pytest.mark.usefixtures("today")


@pytest.fixture
def api(manager):
    client = APIClient()
    client.force_authenticate(manager)
    return client


def upload(api, inspection, content, name="plan.xlsx", **fields):
    return api.post(
        f"/api/v1/inspections/{inspection.pk}/plan-import/",
        {"file": _file(content, name), **fields},
        format="multipart",
    )


def _file(content: bytes, name: str):
    handle = io.BytesIO(content)
    handle.name = name
    return handle


def test_a_dry_run_reports_what_would_happen_and_writes_nothing(api, inspection, jo, police):
    answer = upload(api, inspection, xlsx_bytes(plan(ROW_1A, ROW_1B)), dry_run="true")

    assert answer.status_code == 200
    body = answer.json()
    assert body["created"] == {
        "recommendations": 1,
        "actions": 2,
        "progress_updates": 1,
        "owners": 0,
    }
    assert body["updated"] == {"recommendations": 0, "actions": 0}
    assert (body["unchanged"], body["errors"]) == (0, [])
    assert not Action.objects.exists()


def test_without_dry_run_false_nothing_is_written(api, inspection, jo, police):
    assert upload(api, inspection, xlsx_bytes(plan(ROW_1A))).status_code == 200
    assert not Action.objects.exists()


def test_dry_run_false_imports_and_a_second_import_changes_nothing(api, inspection, jo, police):
    content = csv_bytes(plan([*ROW_1A[:5], "06/01/2025", "31/03/2025", *ROW_1A[7:]]))

    first = upload(api, inspection, content, name="plan.csv", dry_run="false")
    events = DomainEvent.objects.count()
    second = upload(api, inspection, content, name="plan.csv", dry_run="false")

    assert first.status_code == second.status_code == 200
    assert Action.objects.count() == 1
    assert second.json()["unchanged"] == 1
    assert DomainEvent.objects.count() == events


def test_a_file_with_errors_answers_400_with_the_report_and_writes_nothing(api, inspection, police):
    answer = upload(api, inspection, xlsx_bytes(plan(ROW_1A)), dry_run="false")

    assert answer.status_code == 400
    assert answer.json()["errors"] == [
        {
            "row": 2,
            "column": "Lead officer",
            "message": "No one called Jo Bloggs works in this service: give the email of someone "
            "who does, or choose to create unknown owners as plan owners.",
        }
    ]
    assert not Action.objects.exists()


def test_a_file_that_is_not_a_spreadsheet_is_a_400_not_a_500(api, inspection):
    answer = upload(api, inspection, b"%PDF-1.7\x00\x01binary", name="report.pdf")

    assert answer.status_code == 400
    assert answer.json()["errors"][0]["message"].startswith("This is not a spreadsheet")


def test_an_oversize_file_is_refused(api, inspection, settings):
    settings.PLAN_IMPORT_MAX_MEGABYTES = 1

    answer = upload(api, inspection, b"junk," * 300_000)

    assert answer.status_code == 400
    assert "the most yjtracker reads is 1 MB" in answer.json()["errors"][0]["message"]


@pytest.mark.parametrize(
    ("fields", "field"),
    [({"dry_run": "maybe"}, "dry_run"), ({"mapping": '{"Who": "boss"}'}, "mapping")],
)
def test_malformed_requests_are_400_with_field_messages(api, inspection, fields, field):
    answer = upload(api, inspection, xlsx_bytes(plan(ROW_1A)), **fields)

    assert answer.status_code == 400
    assert field in answer.json()


def test_a_missing_file_is_a_400(api, inspection):
    answer = api.post(f"/api/v1/inspections/{inspection.pk}/plan-import/", {}, format="multipart")

    assert answer.status_code == 400
    assert "file" in answer.json()


def test_another_services_inspection_is_not_found(api, other_service):
    elsewhere = InspectionFactory(service=other_service)

    assert upload(api, elsewhere, xlsx_bytes(plan(ROW_1A))).status_code == 404
    assert api.get(f"/api/v1/inspections/{elsewhere.pk}/plan-export/").status_code == 404
    assert api.get(f"/api/v1/services/{other_service.pk}/plan-export/").status_code == 404


def test_a_plan_owner_may_export_but_not_import(inspection, plan_owner):
    client = APIClient()
    client.force_authenticate(plan_owner)

    assert upload(client, inspection, xlsx_bytes(plan(ROW_1A))).status_code == 403
    assert client.get(f"/api/v1/inspections/{inspection.pk}/plan-export/").status_code == 200


def test_the_export_is_xlsx_or_csv_in_the_template_columns(api, inspection, manager, jo, police):
    upload(api, inspection, xlsx_bytes(plan(ROW_1A, ROW_1B)), dry_run="false")

    xlsx = api.get(f"/api/v1/inspections/{inspection.pk}/plan-export/?format=xlsx")
    csv = api.get(f"/api/v1/inspections/{inspection.pk}/plan-export/?format=csv")

    assert xlsx["Content-Type"] == XLSX_TYPE
    assert (
        'filename="medway-youth-justice-service-single-inspection-february-2020-plan.xlsx"'
        in (xlsx["Content-Disposition"])
    )
    workbook = load_workbook(io.BytesIO(xlsx.content))
    assert workbook.sheetnames == ["Plan", "Columns"]
    assert [c.value for c in workbook["Plan"][2]][:4] == [
        1,
        "Improve assessment quality",
        "1a",
        "Audit ten assessments a month",
    ]
    assert csv["Content-Type"] == "text/csv; charset=utf-8"
    assert csv.content.startswith("\ufeffRecommendation no.,Recommendation,Action ref".encode())


def test_an_unknown_export_format_is_a_400(api, inspection):
    answer = api.get(f"/api/v1/inspections/{inspection.pk}/plan-export/?format=pdf")

    assert answer.status_code == 400
    assert "format" in answer.json()


def test_the_service_export_names_each_rows_inspection(api, service, inspection, jo, police):
    upload(api, inspection, xlsx_bytes(plan(ROW_1A)), dry_run="false")

    answer = api.get(f"/api/v1/services/{service.pk}/plan-export/?format=csv")

    lines = answer.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Inspection,Recommendation no.")
    assert lines[1].startswith(f"{inspection},1,")


def test_the_template_lists_the_recommendations_without_actions(api, inspection, jo, police):
    upload(api, inspection, xlsx_bytes(plan(ROW_1A)), dry_run="false")

    answer = api.get(f"/api/v1/inspections/{inspection.pk}/plan-template/?format=xlsx")

    sheet = load_workbook(io.BytesIO(answer.content))["Plan"]
    assert [c.value for c in sheet[2]][:3] == [1, "Improve assessment quality", None]
