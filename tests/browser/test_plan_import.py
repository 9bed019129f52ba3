"""A service manager imports the plan they already keep, in a real headless Chromium: upload,
a preview naming a problem, the fixed file uploaded again, confirm."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from actions.models import Action
from tenancy.choices import ServiceRole
from tests.browser.test_admin_journey import sign_in
from tests.factories import AgencyFactory, InspectionFactory, member
from tests.spreadsheets.conftest import HEADINGS, xlsx_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOT = "/tmp/import-preview.png"


def plan_file(tmp_path, owner: str):
    # Not frozen: Chromium keeps its own clock (see test_admin_journey). Dates ahead of any today.
    today = timezone.localdate()
    rows = [
        HEADINGS,
        [
            "1a",
            "Improve the quality of assessment and planning for desistance",
            "Audit ten assessments a month",
            owner,
            "Kent Police",
            today,
            today + timedelta(days=90),
            "Audit tool agreed with the team managers.",
            "A/G",
        ],
        [
            "1b",
            "",
            "Train staff in desistance planning",
            "jo@medway.example",
            "",
            f"{today:%d/%m/%Y}",
            f"{today + timedelta(days=120):%d %B %Y}",
            "",
            "",
        ],
    ]
    path = tmp_path / f"plan-{owner.split()[0].lower()}.xlsx"
    path.write_bytes(xlsx_bytes(rows))
    return str(path)


def test_manager_previews_a_plan_with_a_problem_fixes_it_and_imports_it(
    page, live_server, service, manager, tmp_path
):
    inspection = InspectionFactory(service=service)
    AgencyFactory(service=service, name="Kent Police")
    member(
        service,
        ServiceRole.PLAN_OWNER,
        username="jo",
        first_name="Jo",
        last_name="Bloggs",
        email="jo@medway.example",
    )
    sign_in(page, live_server.url, manager.username)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{live_server.url}/admin/inspections/inspection/{inspection.pk}/change/")

    page.get_by_role("link", name="Import plan").click()
    page.set_input_files("#id_file", plan_file(tmp_path, "Joe Bloggs"))
    page.get_by_role("button", name="Preview the import").click()

    summary = page.locator("#error-summary")
    expect(summary).to_contain_text("There is a problem with this file: nothing has been imported")
    expect(summary.locator("tbody tr")).to_have_text(
        [
            "2Lead officerNo one called Joe Bloggs works in this service: give the email of someone "
            "who does, or choose to create unknown owners as plan owners."
        ]
    )
    expect(page.get_by_role("button", name="Confirm and import")).to_have_count(0)
    # The row in error is not counted: one action (1b) would be created.
    expect(page.locator(".yj-summary div", has_text="Actions")).to_have_text(
        "Actions1 new, 0 changed"
    )
    expect(page.locator(".yj-warnings")).to_contain_text("'A/G' gives two colours: taken as Amber")
    page.screenshot(path=SCREENSHOT, full_page=True)
    assert not Action.objects.exists()

    page.set_input_files("#id_file", plan_file(tmp_path, "Jo Bloggs"))
    page.get_by_role("button", name="Preview the import").click()
    expect(page.locator(".yj-ready")).to_contain_text("No problems found")
    expect(page.locator(".yj-summary")).to_contain_text("2 new, 0 changed")
    page.get_by_role("button", name="Confirm and import").click()

    expect(page.locator(".messagelist")).to_contain_text(
        "Plan imported: 1 recommendations and 2 actions created"
    )
    assert sorted(Action.objects.values_list("reference", "owner__username")) == [
        ("1a", "jo"),
        ("1b", "jo"),
    ]
