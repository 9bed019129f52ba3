"""The board page and the sign-off queue in a real headless Chromium, for the chair, a board
member and a plan owner, at 1366 and 390 px: no sideways scroll, no serious axe-core finding,
and only the chair gets the sign-off buttons. One live server and browser for the module."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from actions.operations.actions import complete_action
from tests.board.conftest import write_history
from tests.browser.test_pages import (
    DESKTOP,
    PHONE,
    assert_no_sideways_scroll,
    serious_violations,
    sign_in,
)
from tests.factories import RecommendationFactory, make_action

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WIDTHS = {"1366": DESKTOP, "390": PHONE}
SCREENSHOTS = Path("/tmp")


@pytest.fixture
def board_plan(time_machine, service, board, manager, chair, plan_owner):
    """The history of tests/board (its days counted back from the real today, since Chromium
    keeps its own clock) and an action of the plan owner awaiting sign-off."""
    now = datetime.now(UTC)
    start = timezone.localdate() - timedelta(days=70)
    plan = write_history(time_machine, start, service, manager, chair)
    time_machine.move_to(now, tick=True)
    board.meetings.create(meets_on=start + timedelta(days=30))
    recommendation = RecommendationFactory(inspection=plan.inspection, number=3, text="Audit")
    done = make_action(
        recommendation, reference="3a", title="Audit cases", owner=plan_owner, actor=manager
    )
    complete_action(
        action=done,
        actor=plan_owner,
        closing_statement="Forty cases audited; assessments were good in nine of ten.",
    )
    return plan


def check_pages(page, base_url, service, width, *, may_sign_off: bool):
    page.goto(f"{base_url}/services/{service.pk}/board/")
    expect(page.locator("h1")).to_contain_text("view of the plan")
    expect(page.locator("#red-actions")).to_have_text("Red actions (1)")
    expect(page.locator("svg.board-chart")).to_have_count(2)
    assert_no_sideways_scroll(page)
    assert serious_violations(page) == []
    page.get_by_role("link", name="Open the sign-off queue").click()
    expect(page.locator("h1")).to_have_text("Awaiting the board's sign-off")
    expect(page.locator(".board-closing")).to_contain_text("Forty cases audited")
    expect(page.get_by_role("button", name="Sign off 3a")).to_have_count(1 if may_sign_off else 0)
    assert_no_sideways_scroll(page)
    assert serious_violations(page) == []


@pytest.mark.parametrize("who", ["board_user", "plan_owner"])
def test_board_members_and_plan_owners_read_both_pages_without_sign_off_buttons(
    request, open_page, live_server, board_plan, who
):
    user = request.getfixturevalue(who)
    for width, viewport in WIDTHS.items():
        page = open_page(viewport)
        sign_in(page, live_server.url, user)
        check_pages(page, live_server.url, board_plan.service, width, may_sign_off=False)


def test_the_chair_reads_both_pages_and_signs_off_at_the_meeting(
    open_page, live_server, chair, board_plan
):
    for width, viewport in WIDTHS.items():
        page = open_page(viewport)
        sign_in(page, live_server.url, chair)
        page.goto(f"{live_server.url}/services/{board_plan.service.pk}/board/")
        page.evaluate("async () => { await document.fonts.ready; }")
        page.screenshot(path=str(SCREENSHOTS / f"board-{width}.png"), full_page=True)
        check_pages(page, live_server.url, board_plan.service, width, may_sign_off=True)

    page.get_by_label("Comment").fill("Agreed: the audit is good evidence.")
    page.get_by_label("Agreed at the board meeting of (optional)").select_option(index=1)
    page.get_by_role("button", name="Sign off 3a").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "3a Audit cases is signed off"
    )
    expect(page.get_by_text("No completed action awaits sign-off.")).to_be_visible()
