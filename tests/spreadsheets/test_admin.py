"""The admin's plan import: upload → preview → confirm, on the inspection's page."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from actions.models import Action
from spreadsheets.models import PlanImport
from tests.factories import InspectionFactory
from tests.spreadsheets.conftest import ROW_1A, csv_bytes, plan, xlsx_bytes

pytestmark = pytest.mark.usefixtures("today")


def url(inspection, tail=""):
    return f"/admin/inspections/inspection/{inspection.pk}/plan-import/{tail}"


def post_file(client, inspection, content, name="plan.xlsx"):
    return client.post(url(inspection), {"file": SimpleUploadedFile(name, content)})


def test_the_inspection_page_offers_import_and_export_to_a_manager_only(
    client, inspection, manager, plan_owner
):
    client.force_login(manager)
    page = client.get(f"/admin/inspections/inspection/{inspection.pk}/change/").content.decode()
    assert url(inspection) in page and "plan-export/?format=xlsx" in page

    client.force_login(plan_owner)
    page = client.get(f"/admin/inspections/inspection/{inspection.pk}/change/").content.decode()
    assert url(inspection) not in page
    assert client.get(url(inspection)).status_code == 403


def test_upload_preview_and_confirm_import_the_plan(client, inspection, manager, jo, police):
    client.force_login(manager)

    uploaded = post_file(client, inspection, xlsx_bytes(plan(ROW_1A)))
    preview = client.get(uploaded["Location"])

    assert preview.status_code == 200
    assert "No problems found" in preview.content.decode()
    assert not Action.objects.exists()
    plan_import = PlanImport.objects.get()
    done = client.post(url(inspection, f"{plan_import.pk}/confirm/"))
    assert done.status_code == 302
    assert Action.objects.get().reference == "1a"
    plan_import.refresh_from_db()
    assert plan_import.status == "imported"


def test_a_preview_with_errors_lists_them_by_row_and_offers_no_confirmation(
    client, inspection, manager, police
):
    client.force_login(manager)

    preview = client.get(post_file(client, inspection, xlsx_bytes(plan(ROW_1A)))["Location"])

    page = preview.content.decode()
    assert "There is a problem with this file: nothing has been imported" in page
    assert "<td>2</td><td>Lead officer</td><td>No one called Jo Bloggs" in page
    assert "Confirm and import" not in page
    plan_import = PlanImport.objects.get()
    assert client.post(url(inspection, f"{plan_import.pk}/confirm/")).status_code == 200
    assert not Action.objects.exists()


def test_an_unrecognised_column_can_be_mapped(client, inspection, manager, jo):
    client.force_login(manager)
    content = csv_bytes(
        [
            ["Ref", "Recommendation", "Action", "Who", "Deadline"],
            ["1a", "Rec", "Do it", "jo@medway.example", "31/03/2027"],
        ]
    )
    preview_url = post_file(client, inspection, content, "plan.csv")["Location"]
    assert "Columns yjtracker did not recognise" in client.get(preview_url).content.decode()

    client.post(preview_url, {"column_0": "owner"})
    client.post(url(inspection, f"{PlanImport.objects.get().pk}/confirm/"))

    assert Action.objects.get().owner == jo


def test_a_bad_file_is_told_beside_the_field(client, inspection, manager, settings):
    settings.PLAN_IMPORT_MAX_MEGABYTES = 1
    client.force_login(manager)

    page = post_file(client, inspection, b"x" * (2 * 1024 * 1024))

    assert page.status_code == 200
    assert "the most yjtracker reads is 1 MB" in page.content.decode()
    assert not PlanImport.objects.exists()


def test_another_services_inspection_and_anothers_upload_are_not_found(
    client, inspection, manager, other_service
):
    client.force_login(manager)
    elsewhere = InspectionFactory(service=other_service)

    assert client.get(url(elsewhere)).status_code == 404
    assert client.get(url(inspection, "999/")).status_code == 404


def test_the_service_page_links_the_export_of_every_plan(client, service, manager):
    client.force_login(manager)

    page = client.get(f"/admin/tenancy/youthjusticeservice/{service.pk}/change/").content.decode()

    assert f"/api/v1/services/{service.pk}/plan-export/?format=xlsx" in page


def test_the_record_of_imports_is_for_managers(client, inspection, manager, plan_owner, jo):
    client.force_login(manager)
    post_file(client, inspection, xlsx_bytes(plan(ROW_1A)))

    assert "plan.xlsx" in client.get("/admin/spreadsheets/planimport/").content.decode()
    client.force_login(plan_owner)
    assert client.get("/admin/spreadsheets/planimport/").status_code == 403
