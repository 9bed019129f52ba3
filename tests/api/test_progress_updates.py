"""progress-updates/: the log of the user's services, append only."""

import pytest

from actions.models import ProgressUpdate
from actions.operations.progress import record_progress
from tests.factories import make_action

pytestmark = pytest.mark.django_db

URL = "/api/v1/progress-updates/"


def test_list_is_newest_first_and_scoped(plan, other_plan, client_for, plan_owner, other_owner):
    for text in ("One.", "Two."):
        record_progress(action=plan.action, author=plan_owner, narrative=text, assessed_rag="green")
    record_progress(action=other_plan.action, author=other_owner, narrative="B", assessed_rag="red")

    rows = client_for(plan_owner).get(URL).json()["results"]

    assert [row["narrative"] for row in rows] == ["Two.", "One."]
    assert rows[0]["author"] == plan_owner.pk
    other = ProgressUpdate.objects.get(narrative="B")
    assert client_for(plan_owner).get(f"{URL}{other.pk}/").status_code == 404


def test_filters(plan, client_for, manager, plan_owner):
    record_progress(action=plan.action, author=plan_owner, narrative="a", assessed_rag="amber")
    record_progress(action=plan.action, author=manager, narrative="b", assessed_rag="green")
    client = client_for(manager)

    def narratives(query):
        response = client.get(URL + query)
        assert response.status_code == 200, response.json()
        return [row["narrative"] for row in response.json()["results"]]

    assert narratives(f"?author={plan_owner.pk}") == ["a"]
    assert narratives("?assessed_rag=green") == ["b"]
    assert narratives(f"?action={plan.action.pk}") == ["b", "a"]
    assert narratives("?recorded_after=2999-01-01T00:00:00Z") == []
    assert client.get(URL + "?assessed_rag=blue").status_code == 400
    assert client.get(URL + "?recorded_before=noon").status_code == 400


def test_owner_appends_through_the_list(plan, client_for, plan_owner):
    payload = {"action": plan.action.pk, "narrative": "Done a thing.", "assessed_rag": "amber"}

    response = client_for(plan_owner).post(URL, payload)

    assert response.status_code == 201, response.json()
    assert response.json()["author"] == plan_owner.pk
    plan.action.refresh_from_db()
    assert plan.action.rag == "amber"


def test_updates_cannot_be_changed_or_deleted(plan, client_for, plan_owner):
    update = record_progress(
        action=plan.action, author=plan_owner, narrative="a", assessed_rag="red"
    )
    client = client_for(plan_owner)

    assert client.patch(f"{URL}{update.pk}/", {"narrative": "b"}).status_code == 405
    assert client.delete(f"{URL}{update.pk}/").status_code == 405


@pytest.mark.parametrize("role", ["board_user", "other_owner"])
def test_board_members_and_strangers_cannot_append(plan, other_plan, client_for, request, role):
    payload = {"action": plan.action.pk, "narrative": "x", "assessed_rag": "green"}

    response = client_for(request.getfixturevalue(role)).post(URL, payload)

    assert response.status_code == {"board_user": 403, "other_owner": 400}[role]
    assert not ProgressUpdate.objects.exists()


def test_owner_cannot_append_to_someone_elses_action(plan, client_for, plan_owner, manager):
    managers_action = make_action(plan.recommendation, owner=manager, actor=manager, reference="1m")
    payload = {"action": managers_action.pk, "narrative": "x", "assessed_rag": "green"}

    assert client_for(plan_owner).post(URL, payload).status_code == 403
    assert client_for(manager).post(URL, payload).status_code == 201
