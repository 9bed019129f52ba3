"""The update link page in a real headless Chromium, at desktop and phone widths: a partner
contact opens it, is told what is missing, sends an update, is thanked, and finds the link used
when they open it again. No sideways scroll; axe-core finds nothing serious."""

from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from partner_links.operations import link_path, send_update_link
from tests.browser.test_pages import (
    PHONE,
    WIDTHS,
    assert_no_sideways_scroll,
    serious_violations,
)
from tests.partner_links.conftest import action_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def link(service, manager, plan_owner, other_service, other_owner):
    """Not frozen: Chromium keeps its own clock."""
    action = action_in(
        service, plan_owner, "2a", "Agree a data-sharing protocol with the police", due_in_days=9
    )
    action_in(other_service, other_owner, "7c", "Secret Blackpool remand review")
    return send_update_link(
        action=action,
        contact_name="Priya Shah",
        contact_email="priya.shah@police.example",
        sent_by=manager,
        now=timezone.now(),
    )


def shoot(page, width: str) -> None:
    page.evaluate("async () => { await document.fonts.ready; }")
    page.screenshot(path=str(Path("/tmp") / f"link-{width}.png"), full_page=True)


@pytest.mark.parametrize("width", list(WIDTHS))
def test_a_contact_updates_the_action_once_through_the_link(open_page, live_server, link, width):
    page = open_page(WIDTHS[width])
    url = f"{live_server.url}{link_path(link)}"
    page.goto(url)
    expect(page.locator("h1")).to_have_text("Agree a data-sharing protocol with the police")
    expect(page.locator("#rag")).to_contain_text("Due in 9 days")
    assert "Blackpool" not in page.content()
    assert_no_sideways_scroll(page)
    shoot(page, width)
    assert serious_violations(page) == []

    page.click("button[type=submit]")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Describe the progress made.")
    expect(page.locator("#id_narrative-error")).to_contain_text("Describe the progress made.")
    assert_no_sideways_scroll(page)
    assert serious_violations(page) == []

    page.fill("#id_narrative", "Protocol drafted with Kent Police; legal review booked.")
    page.check("#id_assessed_rag_1")
    page.click("button[type=submit]")
    expect(page.locator("h1")).to_have_text("Update recorded")
    expect(page.locator(".govuk-panel__body")).to_have_text("Thank you, Priya Shah")
    assert_no_sideways_scroll(page)
    assert serious_violations(page) == []

    response = page.goto(url)
    assert response is not None and response.status == 410
    expect(page.locator("h1")).to_have_text("This link has already been used")
    assert_no_sideways_scroll(page)
    assert serious_violations(page) == []
    if WIDTHS[width] is PHONE:
        expect(page.locator("#refusal")).to_be_in_viewport()
