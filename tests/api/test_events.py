"""events/: the feed of the user's services, followed incrementally with ?after=, and its FilterSet."""

from datetime import datetime, time, timedelta
from types import SimpleNamespace

import pytest

from actions.operations.progress import record_progress
from core.clock import LONDON
from events.api.views import EventViewSet
from events.filtersets import DomainEventFilterSet
from events.models import DomainEvent
from tests.support import TODAY, Ref, bind_filterset, filtered, resolve

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
    assert client.get(f"{URL}?after={new[-1]['id']}").json() == {
        "count": None,
        "next": None,
        "previous": None,
        "results": [],
    }


def test_after_pages_by_key_without_counting(
    plan, client_for, manager, django_assert_max_num_queries
):
    client = client_for(manager)
    every = [row["id"] for row in client.get(f"{URL}?page_size=500").json()["results"]]
    assert len(every) > 4

    seen, url = [], f"{URL}?after=0&page_size=2"
    while url:
        with django_assert_max_num_queries(3):  # token, the page and nothing else: no COUNT
            page = client.get(url).json()
        assert page["count"] is None and page["previous"] is None
        seen += [row["id"] for row in page["results"]]
        url = page["next"]

    assert seen == every
    numbered = client.get(f"{URL}?after=0&page=2&page_size=2").json()
    assert numbered["count"] == len(every)
    assert [row["id"] for row in numbered["results"]] == every[2:4]


def test_feed_holds_only_my_services_events(plan, other_plan, client_for, other_owner):
    rows = client_for(other_owner).get(f"{URL}?page_size=500").json()["results"]

    assert {row["subject"]["id"] for row in rows if row["subject"]["type"] == "inspection"} == {
        other_plan.inspection.pk
    }
    mine = DomainEvent.objects.filter(service=plan.inspection.service).first()
    assert client_for(other_owner).get(f"{URL}{mine.pk}/").status_code == 404


# DomainEventFilterSet as a table over the ``plan`` fixtures' events (frozen on TODAY).

NOON = datetime.combine(TODAY, time(12), tzinfo=LONDON)
MEDWAY_EVENTS = (
    "inspection.created",
    "inspection.ratings_changed",
    "inspection.published",
    "recommendation.added",
    "action.created",
    "recommendation.rag_changed",
    "inspection.rag_changed",
)

# (query parameters, the types of the events they give to Medway's manager).
EVENT_CASES = [
    ({}, MEDWAY_EVENTS),
    ({"service": Ref("service")}, MEDWAY_EVENTS),
    ({"type": "action.created,recommendation.added"}, ("recommendation.added", "action.created")),
    (
        {"type": ["inspection.published", "action.created"]},
        ("inspection.published", "action.created"),
    ),
    ({"subject_type": "action", "subject_id": Ref("action")}, ("action.created",)),
    (
        {"subject_type": "inspection"},
        (
            "inspection.created",
            "inspection.ratings_changed",
            "inspection.published",
            "inspection.rag_changed",
        ),
    ),
    ({"occurred_after": NOON.isoformat()}, MEDWAY_EVENTS),
    ({"occurred_after": (NOON + timedelta(seconds=1)).isoformat()}, ()),
]

# (query parameters, the filter refusing them).
INVALID_EVENT_CASES = [
    ({"after": "x"}, "after"),
    ({"after": "-1"}, "after"),
    ({"after": "99999999999999999999"}, "after"),
    ({"type": "nonsense"}, "type"),
    ({"service": Ref("foreign_service")}, "service"),
    ({"subject_id": "-1"}, "subject_id"),
    ({"occurred_after": "soon"}, "occurred_after"),
]


@pytest.fixture
def rows(plan, other_plan):
    return SimpleNamespace(
        service=plan.inspection.service,
        action=plan.action,
        foreign_service=other_plan.inspection.service,
    )


@pytest.mark.parametrize(("params", "expected"), EVENT_CASES)
def test_event_filterset(rows, manager, params, expected):
    events = filtered(DomainEventFilterSet, resolve(params, rows), manager)
    assert sorted(event.type for event in events) == sorted(expected)


@pytest.mark.parametrize(("params", "field"), INVALID_EVENT_CASES)
def test_event_filterset_refuses(rows, manager, params, field):
    filterset = bind_filterset(DomainEventFilterSet, resolve(params, rows), manager)
    assert not filterset.is_valid()
    assert field in filterset.errors


def test_the_feed_filters_with_the_event_filterset(rows, client_for, manager):
    assert EventViewSet.filterset_class is DomainEventFilterSet
    client = client_for(manager)
    query = f"?type=action.created,recommendation.added&service={rows.service.pk}"
    by_type = client.get(URL + query).json()["results"]
    assert {row["type"] for row in by_type} == {"action.created", "recommendation.added"}
    assert client.get(f"{URL}?after=x").status_code == 400


def test_feed_is_read_only(plan, client_for, manager):
    assert client_for(manager).post(URL, {}).status_code == 405
