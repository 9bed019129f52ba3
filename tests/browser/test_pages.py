"""People's pages in a real headless Chromium: the owner's journey, no sideways scroll at desktop
and phone widths, and axe-core on every new page for every role."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import expect

from actions.operations.actions import complete_action
from actions.operations.progress import record_progress
from actions.operations.revisions import request_deadline_revision
from tests.factories import AgencyFactory, InspectionFactory, RecommendationFactory, make_action

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"
AXE = settings.NODE_MODULES / "axe-core" / "axe.min.js"
SHOTS = Path("/tmp/pages-shots")
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
WIDTHS = {"1366": DESKTOP, "390": PHONE}


@pytest.fixture
def plan(service, manager, plan_owner):
    """Four open actions of the owner, one of each urgency, and a completed one. Not frozen:
    Chromium keeps its own clock, so dates are relative to the real today."""
    today = timezone.localdate()
    recommendation = RecommendationFactory(
        inspection=InspectionFactory(service=service),
        number=1,
        text="Improve the quality of assessment and planning so that it focuses on desistance.",
    )
    agency = AgencyFactory(service=service, name="Kent Police")

    def action(reference, title, due_in, idle=0):
        return make_action(
            recommendation,
            actor=manager,
            owner=plan_owner,
            reference=reference,
            title=title,
            due_in_days=due_in,
            start_on=today - timedelta(days=idle),
            lead_agency=agency,
        )

    actions = {
        "green": action("1a", "Introduce case audits of assessments", 90),
        "stale": action("1b", "Train staff in the AssetPlus refresh", 120, idle=45),
        "soon": action("1c", "Agree a data-sharing protocol with the police", 9),
        "late": action("1d", "Recruit a speech and language therapist", -12, idle=20),
    }
    record_progress(
        action=actions["green"],
        author=plan_owner,
        narrative="Two audits done in the court team; the out-of-court team's are booked.\nMore detail.",
        assessed_rag="green",
    )
    done = action("1e", "Publish the quality assurance framework", 20)
    complete_action(action=done, actor=plan_owner, closing_statement="Done.")
    request_deadline_revision(
        action=actions["late"],
        requested_by=plan_owner,
        due_on=today + timedelta(days=40),
        reason="The post was advertised twice without an appointable candidate.",
    )
    return actions


def sign_in(page, base_url, user):
    page.goto(f"{base_url}/")
    expect(page).to_have_url(f"{base_url}/admin/login/?next=/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    expect(page).to_have_url(f"{base_url}/")


def assert_no_sideways_scroll(page):
    overflow = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert overflow[0] <= overflow[1], f"scrolls sideways: {overflow}"


def photograph(page, name):
    """A full-page screenshot once the web fonts have loaded (before, text is invisible)."""
    page.evaluate("async () => { await document.fonts.ready; }")
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def serious_violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document)")
    assert result["passes"], "axe-core checked nothing"
    return [
        f"{v['id']}: {v['help']} ({len(v['nodes'])} nodes: {v['nodes'][0]['target']})"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def worklist_references(page) -> list[str]:
    titles = page.locator("#worklist h3").all_inner_texts()
    return [title.split()[0] for title in titles]


@pytest.mark.parametrize("width", list(WIDTHS))
def test_owner_sees_worklist_by_urgency_records_an_update_and_the_reason_changes(
    open_page, live_server, plan_owner, plan, width
):
    page = open_page(WIDTHS[width])
    sign_in(page, live_server.url, plan_owner)

    expect(page.locator("h1")).to_have_text("My actions")
    assert worklist_references(page) == ["1d", "1c", "1b", "1a"]
    reasons = page.locator("#worklist .pages-reason").all_inner_texts()
    assert reasons == [
        "12 days overdue",
        "Due in 9 days",
        "No update for 45 days",
        "On track: due in 90 days",
    ]

    page.get_by_role("link", name="1a Introduce case audits of assessments").click()
    expect(page.locator("#rag")).to_contain_text("Green")
    page.get_by_label("What progress has been made?").fill("The police cannot share data yet.")
    page.get_by_label("Red").check()
    page.get_by_role("button", name="Record update").click()

    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Your update has been recorded."
    )
    expect(page.locator("#rag")).to_contain_text("Red")
    expect(page.locator("#rag .pages-reason")).to_have_text("Latest update assessed Red")
    expect(page.locator("#timeline .moj-timeline__title").first).to_have_text("RAG Green → Red")
    expect(page.locator("#timeline")).to_contain_text("The police cannot share data yet.")

    assert_no_sideways_scroll(page)
    page.get_by_role("link", name="Back to home").click()
    assert worklist_references(page) == ["1d", "1a", "1c", "1b"]
    assert page.locator("#worklist .pages-reason").nth(1).inner_text() == (
        "Latest update assessed Red"
    )


def test_owner_sees_errors_beside_the_field_and_in_the_summary(
    open_page, live_server, plan_owner, plan
):
    page = open_page(PHONE)
    sign_in(page, live_server.url, plan_owner)
    page.goto(f"{live_server.url}/actions/{plan['soon'].pk}/")

    page.get_by_role("button", name="Record update").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Describe the progress made.")
    expect(page.locator("#id_narrative-error")).to_contain_text("Describe the progress made.")
    summary.get_by_role("link", name="Choose Red, Amber or Green.").click()
    expect(page.locator("#id_assessed_rag_0")).to_be_focused()
    assert_no_sideways_scroll(page)
    assert serious_violations(page) == []


@pytest.mark.parametrize("width", list(WIDTHS))
def test_owner_pages_fit_the_screen_pass_axe_and_are_photographed(
    open_page, live_server, plan_owner, plan, width
):
    page = open_page(WIDTHS[width])
    sign_in(page, live_server.url, plan_owner)

    assert_no_sideways_scroll(page)
    photograph(page, f"owner-home-{width}")
    assert serious_violations(page) == []

    page.goto(f"{live_server.url}/actions/{plan['late'].pk}/")
    assert_no_sideways_scroll(page)
    photograph(page, f"action-{width}")
    assert serious_violations(page) == []


@pytest.mark.parametrize("who", ["manager", "board_user"])
@pytest.mark.parametrize("width", list(WIDTHS))
def test_each_roles_home_and_the_action_page_fit_and_pass_axe(
    request, open_page, live_server, plan, who, width
):
    user = request.getfixturevalue(who)
    page = open_page(WIDTHS[width])
    sign_in(page, live_server.url, user)

    assert_no_sideways_scroll(page)
    photograph(page, f"{who}-home-{width}")
    assert serious_violations(page) == []

    page.goto(f"{live_server.url}/actions/{plan['late'].pk}/")
    expect(page.locator("h1")).to_have_text(plan["late"].title)
    assert_no_sideways_scroll(page)
    assert serious_violations(page) == []


@pytest.fixture
def strict_page(browser):
    """A page under the Content-Security-Policy the app itself sends, noting every violation."""
    context = browser.new_context(viewport=PHONE, locale="en-GB", timezone_id="Europe/London")
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.violations = []
    page.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text and page.violations.append(message.text)
        ),
    )
    yield page
    context.close()


def test_pages_work_under_a_strict_content_security_policy(
    strict_page, live_server, plan_owner, plan
):
    page = strict_page
    sign_in(page, live_server.url, plan_owner)
    home = page.goto(f"{live_server.url}/")
    assert "script-src 'self'" in home.headers["content-security-policy"]
    opened = page.goto(f"{live_server.url}/actions/{plan['soon'].pk}/")
    assert "'unsafe-inline'" not in opened.headers["content-security-policy"]
    page.get_by_role("button", name="Record update").click()
    expect(page.locator(".govuk-error-summary")).to_be_focused()

    # GOV.UK Frontend's JavaScript ran from the module file: the phone's menu button shows.
    assert page.evaluate("document.body.classList.contains('js-enabled')")
    expect(page.get_by_role("button", name="Menu")).to_be_visible()
    assert page.violations == []


@pytest.fixture
def mail_over_smtp(settings, smtp_server, inline_tasks):
    """Emails leave through a real SMTP server on loopback, queued tasks run at once."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", smtp_server.port
    return smtp_server


def subjects(messages) -> list[str]:
    """The messages' subjects, unfolded (SMTP folds long header lines)."""
    return [" ".join(message["Subject"].split()) for message in messages]


def test_owner_asks_for_more_time_the_manager_approves_from_home_and_the_owner_is_told(
    open_page, live_server, plan_owner, manager, plan, mail_over_smtp
):
    """The whole loop on a phone: the request, the manager's email, the decision from their
    home, and the decision email to the owner through the SMTP server."""
    owner_page, manager_page = open_page(PHONE), open_page(PHONE)
    action = plan["soon"]
    new = timezone.localdate() + timedelta(days=60)
    sign_in(owner_page, live_server.url, plan_owner)
    owner_page.goto(f"{live_server.url}/actions/{action.pk}/")
    owner_page.get_by_text("Ask to move the deadline", exact=True).first.click()
    owner_page.get_by_label("Day").fill(str(new.day))
    owner_page.get_by_label("Month").fill(str(new.month))
    owner_page.get_by_label("Year").fill(str(new.year))
    owner_page.get_by_label("Why does the deadline need to move?").fill("Police data is late.")
    owner_page.get_by_role("button", name="Ask to move the deadline").click()
    expect(owner_page.locator("#pending-revision")).to_be_visible()
    assert subjects(mail_over_smtp.to(manager.email)) == [
        f"Deadline change to decide: action 1c {action.title}"
    ]

    sign_in(manager_page, live_server.url, manager)
    request = manager_page.locator(".pages-decision", has_text=action.title)
    expect(request).to_contain_text("Police data is late.")
    assert_no_sideways_scroll(manager_page)
    photograph(manager_page, "manager-decisions-390")
    assert serious_violations(manager_page) == []
    request.get_by_role("button", name="Approve").click()
    expect(manager_page.locator(".govuk-notification-banner--success")).to_contain_text(
        f"deadline moved to {new.day} {new:%B %Y}"
    )
    expect(manager_page.locator(".pages-decision", has_text=action.title)).to_have_count(0)

    decision = mail_over_smtp.to(plan_owner.email)
    assert subjects(decision) == [f"Deadline change approved: action 1c {action.title}"]
    body = decision[0].get_payload()[0].get_payload(decode=True).decode()
    assert f"is now {new.day} {new:%B %Y}" in body
    owner_page.reload()
    expect(owner_page.locator("#agreed")).to_contain_text(f"{new.day} {new:%B %Y}")


def test_owner_asks_for_more_time_on_a_phone(open_page, live_server, plan_owner, plan):
    page = open_page(PHONE)
    sign_in(page, live_server.url, plan_owner)
    page.goto(f"{live_server.url}/actions/{plan['soon'].pk}/")
    new = timezone.localdate() + timedelta(days=60)

    page.get_by_text("Ask to move the deadline", exact=True).first.click()
    page.get_by_label("Day").fill("31")
    page.get_by_label("Month").fill("2")
    page.get_by_label("Year").fill(str(new.year))
    page.get_by_label("Why does the deadline need to move?").fill("The partner's data is late.")
    page.get_by_role("button", name="Ask to move the deadline").click()
    expect(page.locator("#id_due_on-error")).to_contain_text("a real date")
    assert_no_sideways_scroll(page)
    photograph(page, "action-deadline-error-390")
    assert serious_violations(page) == []

    page.get_by_label("Day").fill(str(new.day))
    page.get_by_label("Month").fill(str(new.month))
    page.get_by_role("button", name="Ask to move the deadline").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "sent to the service's managers"
    )
    expect(page.locator("#pending-revision")).to_contain_text(f"{new.day} {new:%B %Y}")


@pytest.mark.parametrize("width", list(WIDTHS))
def test_the_pages_emails_link_to_fit_and_pass_axe(open_page, live_server, chair, board, width):
    """The pages reached from an email without signing in: stop a kind of workflow email, and
    a board member's digest frequency and unsubscribe."""
    from notifications.digest_links import preferences_url, unsubscribe_url
    from notifications.workflow import WorkflowKind
    from notifications.workflow_links import stop_url
    from tenancy.models import BoardMember

    seat = BoardMember.objects.get(user=chair)
    site = settings.SITE_URL
    page = open_page(WIDTHS[width])
    for url in (
        stop_url(chair.pk, WorkflowKind.AWAITING_SIGN_OFF),
        preferences_url(seat),
        unsubscribe_url(seat),
    ):
        page.goto(url.replace(site, live_server.url))
        assert_no_sideways_scroll(page)
        assert serious_violations(page) == []
    page.goto(stop_url(chair.pk, WorkflowKind.AWAITING_SIGN_OFF).replace(site, live_server.url))
    page.get_by_role("button", name="Stop these emails").click()
    expect(page.locator("h1")).to_have_text("You will no longer receive these emails")
    assert serious_violations(page) == []
