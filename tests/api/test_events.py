"""events/: the feed of the user's services, followed incrementally with ?after=."""

import pytest

from actions.operations.progress import record_progress
from events.models import DomainEvent

pytestmark = pytest.mark.django_db

URL = "/api/v1/events/"


def test_feed_is_oldest_first_and_shows_facts(plan, client_for, manager):
    body = client_for(manager).get(URL).json()

    ids = [row["id"] for row in body["results"]]
    assert ids == sorted(ids)
    first = body["results"][0]
    assert first["type"] == "inspection.created"
    assert first["actor"] == manager.pk
    assert first["subject"] == {"type": "inspection", "id": plan.inspection.pk}
    assert first["data"] == {"framework": "2018", "kind": "single"}
    assert first["occurred_at"]


def test_after_returns_only_what_happened_since(plan, client_for, manager, plan_owner):
    client = client_for(plan_owner)
    last_seen = client.get(URL).json()["results"][-1]["id"]
    record_progress(action=plan.action, author=plan_owner, narrative="x", assessed_rag="red")

    new = client.get(f"{URL}?after={last_seen}").json()["results"]

    assert [row["type"] for row in new] == [
        "action.status_changed",
        "progress.recorded",
        "action.rag_changed",
        "recommendation.rag_changed",
        "inspection.rag_changed",
    ]
    assert new[-1]["data"]["old"] == "green"
    assert new[-1]["data"]["new"] == "red"
    assert client.get(f"{URL}?after={new[-1]['id']}").json()["count"] == 0


def test_feed_holds_only_my_services_events(plan, other_plan, client_for, other_owner):
    rows = client_for(other_owner).get(f"{URL}?page_size=500").json()["results"]

    assert {row["subject"]["id"] for row in rows if row["subject"]["type"] == "inspection"} == {
        other_plan.inspection.pk
    }
    mine = DomainEvent.objects.filter(service=plan.inspection.service).first()
    assert client_for(other_owner).get(f"{URL}{mine.pk}/").status_code == 404


def test_event_filters(plan, client_for, manager):
    client = client_for(manager)

    by_type = client.get(f"{URL}?type=action.created,recommendation.added").json()["results"]
    assert {row["type"] for row in by_type} == {"action.created", "recommendation.added"}
    subject = f"?subject_type=action&subject_id={plan.action.pk}"
    assert {row["subject"]["id"] for row in client.get(URL + subject).json()["results"]} == {
        plan.action.pk
    }
    for bad in ("?after=x", "?after=-1", "?type=nonsense", "?after=99999999999999999999"):
        assert client.get(URL + bad).status_code == 400


def test_feed_is_read_only(plan, client_for, manager):
    assert client_for(manager).post(URL, {}).status_code == 405
