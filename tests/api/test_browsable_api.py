"""The browsable API in a real headless Chromium: sign in, list actions, record progress."""

import json

import pytest

from tests.api.qa.fixtures import live_plan_fixture, seeded_fixture  # noqa: F401
from tests.api.qa.seed import PASSWORD

pytestmark = [
    pytest.mark.browser,
]


@pytest.fixture
def page(browser, live_plan):
    # Depends on the live server and its data, so the page closes before they end.
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def sign_in(page, base_url: str, username: str, next_path: str) -> None:
    page.goto(f"{base_url}/api/api-auth/login/?next={next_path}")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("[type=submit]")
    page.wait_for_url(f"{base_url}{next_path}")


def post_raw_json(page, data: dict) -> None:
    """Send ``data`` through the browsable API's raw-data form."""
    raw_tab = page.locator("a[name=raw-tab][href='#post-generic-content-form']")
    if raw_tab.count():
        raw_tab.click()
    form = page.locator("#post-generic-content-form")
    form.locator("select[name=_content_type]").select_option("application/json")
    form.locator("textarea[name=_content]").fill(json.dumps(data))
    form.locator("button", has_text="POST").click()


def test_plan_owner_signs_in_sees_actions_and_records_progress(page, live_plan):
    medway, base_url = live_plan
    overdue = medway.actions[0]
    sign_in(page, base_url, medway.owner.username, "/api/v1/actions/")

    assert "Action 1a for recommendation 1" in page.content()
    assert "Action 2b for recommendation 2" in page.content()

    page.goto(f"{base_url}/api/v1/actions/{overdue.pk}/progress-updates/")
    post_raw_json(page, {"narrative": "Audit of 20 cases finished.", "assessed_rag": "amber"})

    page.wait_for_selector("text=201 Created")
    assert "Audit of 20 cases finished." in page.content()
    # Read back as JSON through the same session (no ORM here: the test's queries would run
    # beside Playwright's event loop on a connection the database teardown cannot close).
    page.goto(f"{base_url}/api/v1/actions/{overdue.pk}/?format=json")
    action = json.loads(page.inner_text("body"))
    latest = action["latest_update"]
    assert (latest["narrative"], latest["assessed_rag"], latest["author"]) == (
        "Audit of 20 cases finished.",
        "amber",
        medway.owner.pk,
    )
    assert (action["status"], action["rag"]) == ("in_progress", "red")
    page.goto(f"{base_url}/api/v1/actions/?format=json")
    listed = json.loads(page.inner_text("body"))["results"]
    assert {row["id"] for row in listed} == {a.pk for a in medway.actions}
