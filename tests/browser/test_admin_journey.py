"""A plan owner's journey through the admin in a real headless Chromium."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from actions.models import Action
from tests.factories import ActionFactory, InspectionFactory, RecommendationFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

PASSWORD = "correct-horse-battery"
SCREENSHOT = "/tmp/yjtracker-admin-journey.png"


@pytest.fixture
def action(service, plan_owner):
    recommendation = RecommendationFactory(
        inspection=InspectionFactory(service=service),
        number=1,
        text="Improve the quality of assessment and planning for desistance.",
    )
    return ActionFactory(
        recommendation=recommendation,
        reference="1a",
        title="Introduce case audits of assessments",
        owner=plan_owner,
        # Not frozen: Chromium keeps its own clock, and session cookies set by a server frozen
        # on another day would expire in it. Due 90 days from whatever today is: green, any day.
        due_on=timezone.localdate() + timedelta(days=90),
    )


def sign_in(page, base_url, username):
    page.goto(f"{base_url}/admin/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    expect(page.locator("#user-tools")).to_contain_text("Welcome")


def test_plan_owner_records_progress_and_sees_the_rag_move_to_amber(
    page, live_server, plan_owner, action
):
    narrative = "Audits started in two teams; partner data arrives late."
    sign_in(page, live_server.url, plan_owner.username)

    page.get_by_role("link", name="Actions", exact=True).first.click()
    expect(page.locator("#result_list")).to_contain_text(action.title)
    expect(page.locator("#result_list .rag-badge")).to_have_text("Green")
    page.get_by_role("link", name=action.title).click()

    new_update = page.locator("#progress_updates-0")
    new_update.locator("textarea").fill(narrative)
    new_update.locator("select").select_option("amber")
    page.click("input[name=_continue]")

    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    recorded = page.locator("#progress_updates-0")
    expect(recorded.locator("td.field-narrative")).to_have_text(narrative)
    expect(recorded.locator("textarea")).to_have_count(0)
    expect(page.locator(".field-rag_badge .rag-badge")).to_have_text("Amber")
    page.screenshot(path=SCREENSHOT, full_page=True)

    page.get_by_role("link", name="Actions", exact=True).first.click()
    expect(page.locator("#result_list .rag-badge")).to_have_text("Amber")
    assert Action.objects.get(pk=action.pk).rag == "amber"
