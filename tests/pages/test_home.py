"""``/``: each person's home, by role, in a constant number of queries."""

import re
from datetime import timedelta

import pytest

from actions.models import DeadlineRevision
from actions.operations.revisions import request_deadline_revision
from tests.factories import make_action
from tests.pages.conftest import fresh

pytestmark = pytest.mark.django_db


def worklist_titles(html: str) -> list[str]:
    worklist = html.split('id="worklist"', 1)[1].split("</ol>", 1)[0]
    return re.findall(r">(\d\w) Action \1<", worklist)


def test_anonymous_visitor_is_sent_to_sign_in_and_back(client):
    response = client.get("/")

    assert response.status_code == 302
    assert response["Location"] == "/admin/login/?next=/"


def test_owner_sees_open_actions_most_urgent_first(client, worklist, plan_owner):
    client.force_login(plan_owner)

    html = client.get("/").content.decode()

    assert worklist_titles(html) == ["1d", "1c", "1b", "1a"]


@pytest.mark.parametrize(
    ("reference", "reason"),
    [
        ("1d", "12 days overdue"),
        ("1c", "Due in 9 days"),
        ("1b", "No update for 45 days"),
        ("1a", "On track: due in 90 days"),
    ],
)
def test_owner_sees_why_each_action_has_its_rag(client, worklist, plan_owner, reference, reason):
    client.force_login(plan_owner)

    html = client.get("/").content.decode()

    item = html.split(f"{reference} Action {reference}", 1)[1].split("</li>", 1)[0]
    assert f'<span class="pages-reason">{reason}</span>' in item


def test_owner_sees_the_latest_updates_first_line_and_a_moved_deadline(
    client, worklist, plan_owner, manager, today
):
    request_deadline_revision(
        action=worklist.due_soon,
        requested_by=manager,
        due_on=today + timedelta(days=60),
        reason="Staff vacancy",
    )
    client.force_login(plan_owner)

    html = client.get("/").content.decode()

    assert f"{today:%-d %B %Y}: Audits started." in html
    assert "More later." not in html
    moved = html.split("1c Action 1c", 1)[1].split("</li>", 1)[0]
    original = today + timedelta(days=9)
    assert f"Originally {original:%-d %B %Y}" in moved


def test_owner_sees_completed_action_awaiting_sign_off(client, worklist, plan_owner):
    client.force_login(plan_owner)

    html = client.get("/").content.decode()

    completed = html.split('id="completed"', 1)[1].split("</ul>", 1)[0]
    assert "1e Action 1e" in completed
    assert "Awaiting sign-off" in completed
    assert "1e Action 1e" not in html.split('id="worklist"', 1)[1].split("</ol>", 1)[0]


def test_owner_never_sees_another_services_actions(client, worklist, plan_owner, other_owner):
    make_action(owner=other_owner, reference="9z", title="Blackpool only")
    client.force_login(plan_owner)

    assert "Blackpool only" not in client.get("/").content.decode()


def test_manager_sees_the_service_at_a_glance_pending_changes_and_late_actions(
    client, worklist, manager, plan_owner, today
):
    request_deadline_revision(
        action=worklist.overdue,
        requested_by=plan_owner,
        due_on=today + timedelta(days=30),
        reason="Partner data late",
    )
    client.force_login(manager)

    html = client.get("/").content.decode()

    summary = html.split('id="summary-', 1)[1].split("</table>", 1)[0]
    assert re.search(r"Overdue</th><td[^>]*>1<", summary)
    pending = html.split('id="pending-', 1)[1].split("</ul>", 1)[0]
    assert "Partner data late" in pending
    attention = html.split('id="attention-', 1)[1].split("</ol>", 1)[0]
    assert re.findall(r">(\d\w) Action \1<", attention) == ["1d", "1b"]
    # Exceptions first: what needs deciding and what is late, above the counts.
    assert html.index('id="pending-') < html.index('id="attention-') < html.index('id="summary-')


@pytest.fixture
def pending(worklist, plan_owner, today):
    return request_deadline_revision(
        action=worklist.overdue,
        requested_by=plan_owner,
        due_on=today + timedelta(days=30),
        reason="Partner data late",
    )


@pytest.mark.parametrize(
    "decision, status, said",
    [("approve", "approved", "deadline moved to"), ("reject", "rejected", "kept, not moved to")],
)
def test_manager_decides_a_deadline_change_from_home(
    client, manager, pending, decision, status, said
):
    client.force_login(manager)

    response = client.post(f"/deadline-changes/{pending.pk}/", {"decision": decision}, follow=True)

    assert response.redirect_chain == [("/", 302)]
    html = response.content.decode()
    assert said in html
    assert "govuk-notification-banner--success" in html
    pending.refresh_from_db()
    assert pending.status == status and pending.decided_by == manager
    assert 'id="pending-' not in html


def test_a_decided_change_is_not_decided_twice(client, manager, pending):
    client.force_login(manager)
    client.post(f"/deadline-changes/{pending.pk}/", {"decision": "approve"})

    again = client.post(f"/deadline-changes/{pending.pk}/", {"decision": "reject"}, follow=True)

    pending.refresh_from_db()
    assert pending.status == "approved"
    assert "Important" in again.content.decode()


def test_only_the_services_managers_decide(client, plan_owner, other_owner, pending):
    client.force_login(plan_owner)
    assert (
        client.post(f"/deadline-changes/{pending.pk}/", {"decision": "approve"}).status_code == 403
    )
    client.force_login(other_owner)
    assert (
        client.post(f"/deadline-changes/{pending.pk}/", {"decision": "approve"}).status_code == 404
    )
    assert client.get(f"/deadline-changes/{pending.pk}/").status_code == 405
    pending.refresh_from_db()
    assert pending.status == "pending"


def test_an_unknown_decision_changes_nothing(client, manager, pending):
    client.force_login(manager)

    response = client.post(f"/deadline-changes/{pending.pk}/", {"decision": "maybe"}, follow=True)

    assert "Choose Approve or Reject." in response.content.decode()
    pending.refresh_from_db()
    assert pending.status == "pending"


def test_board_member_sees_their_board(client, worklist, board_user, board):
    client.force_login(board_user)

    html = client.get("/").content.decode()

    assert board.name in html
    assert "You sit on this board as a member." in html
    assert "worklist" not in html


# Queries of each role's home, whatever the number of actions (6 and 15 when measured).
HOME_CEILINGS = {"plan_owner": 8, "manager": 17}


@pytest.mark.parametrize("who", ["plan_owner", "manager"])
def test_home_takes_a_constant_number_of_queries(
    request, client, worklist, manager, plan_owner, django_assert_max_num_queries, who
):
    user = request.getfixturevalue(who)
    client.force_login(user)
    for n in range(30):
        action = make_action(
            worklist.recommendation, owner=plan_owner, reference=f"{n + 2}x", due_in_days=n - 5
        )
        if n % 3 == 0:
            request_deadline_revision(
                action=fresh(action),
                requested_by=plan_owner,
                due_on=action.due_on + timedelta(days=40),
                reason="More time",
            )
    assert DeadlineRevision.objects.count() == 10

    with django_assert_max_num_queries(HOME_CEILINGS[who]):
        assert client.get("/").status_code == 200
