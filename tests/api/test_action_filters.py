"""actions/ filters (the shared ActionFilterSet) and bad filter values answered with 400."""

from datetime import timedelta

import pytest
from django.utils import timezone

from actions.models import Action
from actions.operations.actions import complete_action, save_action
from actions.operations.recommendations import save_recommendation
from inspections.models import Inspection, Recommendation, Standard
from inspections.operations import save_inspection
from tests.api.conftest import make_action

pytestmark = pytest.mark.django_db

URL = "/api/v1/actions/"


@pytest.fixture
def actions(plan, manager, plan_owner):
    """Four actions of ``service``: due in 90 days, overdue, due in 10 days, complete."""
    overdue = make_action(plan.recommendation, manager, manager, "1b", due_in_days=-5)
    soon = make_action(
        plan.recommendation,
        plan_owner,
        manager,
        "1c",
        due_in_days=10,
        lead_agency=plan.agency,
        description="Review the OOCD panel.",
    )
    done = make_action(plan.recommendation, plan_owner, manager, "1d", due_in_days=40)
    complete_action(action=done, actor=manager)
    return {"later": plan.action, "overdue": overdue, "soon": soon, "done": done}


def ids(client, query):
    response = client.get(URL + query)
    assert response.status_code == 200, response.json()
    return {row["id"] for row in response.json()["results"]}


def names(actions, *keys):
    return {actions[key].pk for key in keys}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?status=complete", ("done",)),
        ("?status=not_started,complete", ("later", "overdue", "soon", "done")),
        ("?rag=red", ("overdue",)),
        ("?rag=red&rag=amber", ("overdue", "soon")),
        ("?rag=red,blue", ("overdue", "done")),
        ("?overdue=true", ("overdue",)),
        ("?overdue=false", ("later", "soon", "done")),
        ("?due_within_days=30", ("soon",)),
        ("?q=oocd", ("soon",)),
        ("?q=1B", ("overdue",)),
        ("?standard=2.1", ("later", "overdue", "soon", "done")),
        ("?standard=3.1", ()),
        ("?domain=2", ("later", "overdue", "soon", "done")),
        ("?domain=1", ()),
    ],
)
def test_action_filters(actions, client_for, manager, query, expected):
    assert ids(client_for(manager), query) == names(actions, *expected)


def test_people_and_place_filters(actions, plan, client_for, manager, plan_owner):
    client = client_for(manager)

    assert ids(client, f"?owner={manager.pk}") == names(actions, "overdue")
    assert ids(client, f"?lead_agency={plan.agency.pk}") == names(actions, "soon")
    assert ids(client, f"?service={plan.inspection.service_id}") == names(
        actions, "later", "overdue", "soon", "done"
    )
    assert ids(client, f"?inspection={plan.inspection.pk}") == set(
        Action.objects.values_list("pk", flat=True)
    )
    assert ids(client, f"?recommendation={plan.recommendation.pk}") == set(
        Action.objects.values_list("pk", flat=True)
    )
    assert ids(client_for(plan_owner), "?mine=true") == names(actions, "later", "soon", "done")


def test_due_date_range(actions, client_for, manager):
    today = timezone.localdate()
    after = (today - timedelta(days=1)).isoformat()
    before = (today + timedelta(days=40)).isoformat()

    assert ids(client_for(manager), f"?due_after={after}&due_before={before}") == names(
        actions, "soon", "done"
    )


@pytest.mark.parametrize(
    ("ordering", "expected"),
    [
        ("due_on", ["overdue", "soon", "done", "later"]),
        ("-due_on", ["later", "done", "soon", "overdue"]),
        ("rag", ["later", "soon", "overdue", "done"]),
        ("-rag", ["done", "overdue", "soon", "later"]),
    ],
)
def test_ordering(actions, client_for, manager, ordering, expected):
    rows = client_for(manager).get(f"{URL}?ordering={ordering}").json()["results"]

    assert [row["id"] for row in rows] == [actions[key].pk for key in expected]


def test_ordering_by_updated_at(actions, client_for, manager):
    save_action(action=actions["soon"], actor=manager)

    rows = client_for(manager).get(f"{URL}?ordering=-updated_at").json()["results"]

    assert rows[0]["id"] == actions["soon"].pk


def test_filtering_on_another_services_ids_is_refused(actions, other_plan, client_for, manager):
    client = client_for(manager)

    for name, value in (
        ("service", other_plan.inspection.service_id),
        ("inspection", other_plan.inspection.pk),
        ("recommendation", other_plan.recommendation.pk),
        ("lead_agency", other_plan.agency.pk),
    ):
        response = client.get(f"{URL}?{name}={value}")
        assert response.status_code == 400
        assert "not one of the available choices" in response.json()[name][0]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("?rag=purple", "rag"),
        ("?status=done", "status"),
        ("?overdue=maybe", "overdue"),
        ("?due_before=2025-13-01", "due_before"),
        ("?due_after=yesterday", "due_after"),
        ("?owner=abc", "owner"),
        ("?service=1.5", "service"),
        ("?recommendation=-1", "recommendation"),
        ("?ordering=title", "ordering"),
        ("?due_within_days=-3", "due_within_days"),
        ("?due_within_days=1e400", "due_within_days"),
        ("?due_within_days=99999999999", "due_within_days"),
    ],
)
def test_invalid_filter_values_are_a_400(actions, client_for, manager, query, field):
    response = client_for(manager).get(URL + query)

    assert response.status_code == 400
    assert field in response.json()


def test_page_size_is_capped_at_500_and_bad_pages_are_refused(actions, client_for, manager):
    client = client_for(manager)

    capped = client.get(f"{URL}?page_size=100000")
    assert capped.status_code == 200
    assert capped.json()["count"] == 4
    paged = client.get(f"{URL}?page_size=2&page=2").json()
    assert len(paged["results"]) == 2
    assert paged["previous"]
    assert paged["next"] is None
    for bad in ("abc", "false", "0", "2.5", "-1", ""):
        refused = client.get(f"{URL}?page_size={bad}")
        assert refused.status_code == 400, bad
        assert refused.json() == {"page_size": ["Use a whole number from 1 to 500."]}
    assert client.get(f"{URL}?page=99").status_code == 404


def test_standard_filter_counts_an_action_once_per_recommendation(
    plan, client_for, manager, service
):
    """The recommendation relates to 2.1 and 2.2: filtering by domain 2 must not repeat rows."""
    body = client_for(manager).get(f"{URL}?domain=2").json()

    assert body["count"] == 1
    assert len(body["results"]) == 1


def test_standard_filter_spans_frameworks_by_code(client_for, manager, service):
    today = timezone.localdate()
    inspection = save_inspection(
        inspection=Inspection(
            service=service,
            framework_id=Standard.objects.get(
                domain__framework__code="2018", code="1.1"
            ).domain.framework_id,
            kind="single",
            fieldwork_start_on=today,
            fieldwork_end_on=today,
        ),
        actor=manager,
    )
    recommendation = save_recommendation(
        recommendation=Recommendation(inspection=inspection, number=1, text="Lead."),
        actor=manager,
        standards=list(Standard.objects.filter(domain__framework__code="2018", code="1.1")),
    )
    action = make_action(recommendation, manager, manager, "1a")

    assert ids(client_for(manager), "?standard=1.1") == {action.pk}
