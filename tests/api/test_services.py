"""services/ (admin-only writes), services/{id}/summary/, users/ and frameworks/."""

import pytest

from actions.operations.actions import complete_action
from actions.operations.recommendations import save_recommendation
from inspections.models import Recommendation, Standard
from tenancy.models import LocalAuthority, YouthJusticeService
from tests.factories import make_action

pytestmark = pytest.mark.django_db

SERVICES = "/api/v1/services/"


def test_members_see_only_their_services(plan, other_plan, client_for, board_user, superuser):
    mine = client_for(board_user).get(SERVICES).json()

    assert [row["name"] for row in mine["results"]] == ["Medway Youth Justice Service"]
    assert mine["results"][0]["board"]["name"] == "Youth Justice Management Board"
    assert client_for(superuser).get(SERVICES).json()["count"] == 2
    other = other_plan.inspection.service_id
    assert client_for(board_user).get(f"{SERVICES}{other}/").status_code == 404


def test_only_superusers_write_services(service, client_for, manager, superuser):
    LocalAuthority.objects.create(name="Medway")
    payload = {"name": "Kent Youth Justice Service", "local_authorities": ["Medway"]}

    assert client_for(manager).post(SERVICES, payload).status_code == 403
    assert client_for(manager).patch(f"{SERVICES}{service.pk}/", {"name": "x"}).status_code == 403
    created = client_for(superuser).post(SERVICES, payload)
    assert created.status_code == 201
    assert created.json()["local_authorities"] == ["Medway"]
    assert created.json()["board"] is None
    duplicate = client_for(superuser).post(SERVICES, payload)
    assert duplicate.status_code == 400
    assert "name" in duplicate.json()
    unknown = client_for(superuser).post(SERVICES, {"name": "Y", "local_authorities": ["Nowhere"]})
    assert unknown.status_code == 400
    assert client_for(superuser).delete(f"{SERVICES}{service.pk}/").status_code == 405
    assert YouthJusticeService.objects.count() == 2


def test_summary_counts_the_plan(plan, client_for, manager, plan_owner, service, today):
    make_action(
        plan.recommendation, owner=plan_owner, actor=manager, reference="1b", due_in_days=-1
    )
    make_action(plan.recommendation, owner=plan_owner, actor=manager, reference="1c", due_in_days=5)
    done = make_action(
        plan.recommendation, owner=plan_owner, actor=manager, reference="1d", due_in_days=20
    )
    complete_action(action=done, actor=manager, closing_statement="Done.")
    save_recommendation(
        recommendation=Recommendation(inspection=plan.inspection, number=2, text="Govern."),
        actor=manager,
        standards=list(Standard.objects.filter(domain__framework__code="2018", code="1.1")),
    )

    body = client_for(manager).get(f"{SERVICES}{service.pk}/summary/").json()

    assert body["rag"] == "red"
    assert body["rag_counts"] == {
        "rag": "red",
        "red": 1,
        "amber": 1,
        "green": 1,
        "blue": 1,
        "unplanned": 1,
        "actions": 4,
        "overdue": 1,
        "percent_complete": 25,
    }
    assert body["overdue"] == 1
    assert (body["due_soon"], body["due_soon_days"]) == (1, 30)
    assert body["percent_complete"] == 25
    assert body["on"] == today.isoformat()
    assert [row["id"] for row in body["inspections"]] == [plan.inspection.pk]
    domains = {row["code"]: row["rag_counts"] for row in body["domains"]}
    assert domains["2"]["actions"] == 4  # related to 2.1 and 2.2, each action counted once
    assert domains["1"]["unplanned"] == 1
    standards = {row["code"]: row["rag_counts"] for row in body["standards"]}
    assert standards["2.1"]["actions"] == standards["2.2"]["actions"] == 4
    assert standards["1.1"]["rag"] == "unplanned"


def test_summary_of_an_empty_service(service, client_for, manager):
    body = client_for(manager).get(f"{SERVICES}{service.pk}/summary/").json()

    assert body["rag"] == "unplanned"
    assert body["percent_complete"] == 0
    assert body["inspections"] == body["domains"] == body["standards"] == []


def test_summary_of_another_service_is_404(plan, other_plan, client_for, manager):
    url = f"{SERVICES}{other_plan.inspection.service_id}/summary/"

    assert client_for(manager).get(url).status_code == 404


# --- users ---------------------------------------------------------------------------------


def test_users_of_my_services_with_their_roles(plan, other_plan, client_for, plan_owner):
    body = client_for(plan_owner).get("/api/v1/users/").json()

    assert [row["username"] for row in body["results"]] == ["boardmember", "manager", "owner"]
    owner = body["results"][2]
    assert owner["roles"] == [{"service": plan.inspection.service_id, "role": "plan_owner"}]
    assert owner["full_name"] == plan_owner.get_full_name()
    assert owner["email"] == "owner@example.org"


def test_roles_in_services_i_cannot_see_are_hidden(
    plan, other_plan, other_service, client_for, plan_owner
):
    from tenancy.choices import ServiceRole
    from tests.factories import member

    member(other_service, ServiceRole.BOARD_MEMBER, username="manager")

    body = client_for(plan_owner).get("/api/v1/users/?username=MANAGER").json()

    assert body["count"] == 1
    assert body["results"][0]["roles"] == [
        {"service": plan.inspection.service_id, "role": "service_manager"}
    ]


def test_user_filters_and_read_only(plan, other_plan, client_for, manager):
    client = client_for(manager)

    by_email = client.get("/api/v1/users/?email=owner@example.org").json()
    assert [row["username"] for row in by_email["results"]] == ["owner"]
    assert client.get("/api/v1/users/?username=other_owner").json()["count"] == 0
    other = other_plan.action.owner_id
    assert client.get(f"/api/v1/users/{other}/").status_code == 404
    assert client.post("/api/v1/users/", {"username": "new"}).status_code == 405
    assert client.get("/api/v1/users/?service=abc").status_code == 400


# --- frameworks ----------------------------------------------------------------------------


def test_framework_lists_domains_standards_scale_and_bands(client_for, plan_owner):
    body = client_for(plan_owner).get("/api/v1/frameworks/2021/").json()

    standards = {s["code"]: s for d in body["domains"] for s in d["standards"]}
    assert len(standards) == 13
    assert standards["4.1"]["scored"] is False
    assert {"rating": "outstanding", "points": 3} in body["rating_scale"]
    assert {"min_score": 19, "max_score": 30, "rating": "good"} in body["bands"]


def test_frameworks_are_read_only(client_for, manager):
    client = client_for(manager)

    assert client.get("/api/v1/frameworks/").json()["count"] >= 2
    assert client.post("/api/v1/frameworks/", {"code": "x"}).status_code == 405
    assert client.get("/api/v1/frameworks/nope/").status_code == 404


def test_summary_due_soon_window_ends_thirty_days_from_today(plan, client_for, manager, service):
    """The summary's due-soon window is today plus 30 days, inclusive."""
    make_action(plan.recommendation, owner=manager, actor=manager, reference="1x", due_in_days=30)
    make_action(plan.recommendation, owner=manager, actor=manager, reference="1y", due_in_days=31)

    body = client_for(manager).get(f"{SERVICES}{service.pk}/summary/").json()

    assert (body["due_soon"], body["due_soon_days"]) == (1, 30)


def test_summary_due_soon_is_the_services_own_window(plan, client_for, manager, service):
    """A service whose Amber threshold is 14 days counts 14 days as due soon, not 30."""
    service.rag_due_soon_days = 14
    service.save()
    make_action(plan.recommendation, owner=manager, actor=manager, reference="1x", due_in_days=14)
    make_action(plan.recommendation, owner=manager, actor=manager, reference="1y", due_in_days=15)

    body = client_for(manager).get(f"{SERVICES}{service.pk}/summary/").json()

    assert (body["due_soon"], body["due_soon_days"]) == (1, 14)
