"""The admin, the browsable API and Swagger UI run in Chromium under our CSP with no violation."""

import pytest
from playwright.sync_api import expect

from tests.factories import ActionFactory, InspectionFactory, RecommendationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"


@pytest.fixture
def violations(page):
    """CSP violations the page reports, as the browser's console words them."""
    found: list[str] = []
    page.on(
        "console",
        lambda message: "Content Security Policy" in message.text and found.append(message.text),
    )
    return found


@pytest.fixture
def action(service, plan_owner):
    recommendation = RecommendationFactory(inspection=InspectionFactory(service=service))
    return ActionFactory(recommendation=recommendation, owner=plan_owner)


def sign_in(page, base_url, username):
    page.goto(f"{base_url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    expect(page.locator("#user-tools")).to_contain_text("Welcome")


def test_the_admin_runs_under_the_csp(page, violations, live_server, plan_owner, action):
    sign_in(page, live_server.url, plan_owner.username)
    page.get_by_role("link", name="Actions", exact=True).first.click()
    expect(page.locator("#result_list")).to_contain_text(action.title)
    page.get_by_role("link", name=action.title).click()
    expect(page.locator("#content h1")).to_be_visible()
    page.wait_for_load_state("networkidle")

    assert violations == []


def test_the_browsable_api_runs_under_the_csp(page, violations, live_server, plan_owner, action):
    sign_in(page, live_server.url, plan_owner.username)
    page.goto(f"{live_server.url}/api/v1/actions/")
    expect(page.locator(".response-info")).to_contain_text(action.title)
    page.wait_for_load_state("networkidle")

    assert violations == []


def test_swagger_ui_loads_from_this_site_under_the_csp(page, violations, live_server, db):
    outside: list[str] = []
    page.on(
        "request",
        lambda request: (
            (request.url.startswith(live_server.url) or request.url.startswith("data:"))
            or outside.append(request.url)
        ),
    )
    page.goto(f"{live_server.url}/api/docs/")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("yjtracker API")
    expect(page.locator(".opblock").first).to_be_visible()
    page.wait_for_load_state("networkidle")

    assert violations == []
    assert outside == []
