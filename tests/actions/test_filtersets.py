"""ActionFilterSet and ProgressUpdateFilterSet as tables: query parameters -> the rows they give.

One dataset (``plan``), frozen on ``TODAY``; every case runs against the FilterSet directly, as
the API (DRF) and the admin (core/admin_filters.py) bind it. The last tests show both of those
paths give the FilterSet's rows.
"""

from datetime import datetime, time, timedelta
from types import SimpleNamespace

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from actions.admin.action import ActionAdmin
from actions.api.views import ActionViewSet, ProgressUpdateViewSet
from actions.choices import ActionStatus
from actions.filtersets import ActionFilterSet, ProgressUpdateFilterSet
from core.admin_filters import FilterSetListFilter
from core.clock import LONDON
from inspections.models import Framework, Standard
from tests.factories import (
    ActionFactory,
    AgencyFactory,
    InspectionFactory,
    ProgressUpdateFactory,
    RecommendationFactory,
)
from tests.support import TODAY, Ref, bind_filterset, filtered, names_of, resolve

pytestmark = pytest.mark.django_db

DAY = timedelta(days=1)
VISIBLE = ("overdue", "due_soon", "done", "later", "elsewhere")


def standards(framework_code, *codes):
    return Standard.objects.filter(domain__framework__code=framework_code, code__in=codes)


@pytest.fixture
def plan(today, time_machine, service, other_service, plan_owner, manager, other_owner):
    """Medway's actions in each state, on two inspections, and one Blackpool action.

    Each row is written a minute after the one before, and ``due_soon`` is changed last.
    """
    inspection = InspectionFactory(service=service)
    first = RecommendationFactory(inspection=inspection, number=1, text="Governance")
    first.standards.set(standards("2018", "1.1"))
    second = RecommendationFactory(inspection=inspection, number=2, text="Assessment")
    second.standards.set(standards("2018", "2.1", "2.2"))
    thematic = InspectionFactory(service=service, framework=Framework.objects.get(code="2021"))
    education = RecommendationFactory(inspection=thematic, number=1, text="Education")
    education.standards.set(standards("2021", "1.1"))
    police = AgencyFactory(service=service, name="Kent Police")
    foreign_recommendation = RecommendationFactory(
        inspection=InspectionFactory(service=other_service), text="Blackpool's own"
    )
    rows = SimpleNamespace(
        service=service,
        inspection=inspection,
        thematic=thematic,
        first=first,
        second=second,
        police=police,
        manager=manager,
        foreign_service=other_service,
        foreign_inspection=foreign_recommendation.inspection,
        foreign_recommendation=foreign_recommendation,
        foreign_agency=AgencyFactory(service=other_service, name="Lancashire Police"),
        other_owner=other_owner,
    )
    written = {
        "overdue": {
            "recommendation": first,
            "reference": "1a",
            "owner": plan_owner,
            "rag": "red",
            "due_on": today - DAY,
            "title": "Refresh the board's terms of reference",
        },
        "due_soon": {
            "recommendation": first,
            "reference": "1b",
            "owner": manager,
            "lead_agency": police,
            "rag": "amber",
            "status": ActionStatus.IN_PROGRESS,
            "due_on": today + 10 * DAY,
            "title": "Agree the data-sharing protocol",
        },
        "done": {
            "recommendation": first,
            "reference": "1c",
            "owner": plan_owner,
            "rag": "blue",
            "status": ActionStatus.COMPLETE,
            "completed_on": today,
            "due_on": today - 5 * DAY,
            "title": "Appoint a vice-chair",
        },
        "later": {
            "recommendation": second,
            "reference": "2a",
            "owner": plan_owner,
            "rag": "green",
            "due_on": today + 60 * DAY,
            "title": "Audit a sample of cases",
            "description": "Introduce AssetPlus quality assurance",
        },
        "elsewhere": {
            "recommendation": education,
            "reference": "1a",
            "owner": plan_owner,
            "rag": "green",
            "due_on": today + 90 * DAY,
            "title": "Track hours in school",
        },
        "foreign": {
            "recommendation": foreign_recommendation,
            "reference": "1a",
            "owner": other_owner,
            "due_on": today - DAY,
            "title": "Blackpool's plan",
        },
    }
    for name, fields in written.items():
        time_machine.shift(timedelta(minutes=1))
        setattr(rows, name, ActionFactory(original_due_on=fields["due_on"], **fields))
    time_machine.shift(timedelta(minutes=1))
    rows.due_soon.save()
    return rows


# (query parameters, the rows they give to Medway's manager), repeats counted.
ACTION_CASES = [
    ({}, VISIBLE),
    ({"service": Ref("service")}, VISIBLE),
    ({"inspection": Ref("inspection")}, ("overdue", "due_soon", "done", "later")),
    ({"inspection": Ref("thematic")}, ("elsewhere",)),
    ({"recommendation": Ref("second")}, ("later",)),
    ({"owner": Ref("manager")}, ("due_soon",)),
    ({"lead_agency": Ref("police")}, ("due_soon",)),
    ({"status": "complete"}, ("done",)),
    ({"status": "complete,in_progress"}, ("done", "due_soon")),
    ({"status": ["complete", "in_progress"]}, ("done", "due_soon")),
    ({"status": "not_started,complete"}, ("overdue", "done", "later", "elsewhere")),
    ({"rag": "red"}, ("overdue",)),
    ({"rag": "red,amber"}, ("overdue", "due_soon")),
    ({"rag": ["red", "amber"]}, ("overdue", "due_soon")),
    ({"rag": "red,blue"}, ("overdue", "done")),
    ({"rag": "blue"}, ("done",)),
    # Overdue: open and past the deadline (``done`` is past it too, but complete).
    ({"overdue": "true"}, ("overdue",)),
    ({"overdue": "false"}, ("due_soon", "done", "later", "elsewhere")),
    # Due within: inclusive, and never the overdue or complete ones.
    ({"due_within_days": "9"}, ()),
    ({"due_within_days": "10"}, ("due_soon",)),
    ({"due_within_days": "30"}, ("due_soon",)),
    ({"due_within_days": "60"}, ("due_soon", "later")),
    ({"due_before": TODAY.isoformat()}, ("overdue", "done")),
    ({"due_after": TODAY.isoformat()}, ("due_soon", "later", "elsewhere")),
    (
        {"due_after": (TODAY - DAY).isoformat(), "due_before": (TODAY + 10 * DAY).isoformat()},
        ("overdue", "due_soon"),
    ),
    ({"standard": "2.1"}, ("later",)),
    ({"standard": "3.1"}, ()),
    # A standard code alone spans frameworks; ``framework`` pins it to one.
    ({"standard": "1.1"}, ("overdue", "due_soon", "done", "elsewhere")),
    ({"framework": "2018", "standard": "1.1"}, ("overdue", "due_soon", "done")),
    ({"framework": "2021", "standard": "1.1"}, ("elsewhere",)),
    ({"framework": "2018", "standard": "2.1"}, ("later",)),
    ({"framework": "2021", "standard": "2.1"}, ()),
    ({"domain": "1"}, ("overdue", "due_soon", "done", "elsewhere")),
    # ``later``'s recommendation is on 2.1 and 2.2: once, not twice.
    ({"domain": "2"}, ("later",)),
    ({"domain": "3"}, ()),
    # Search: title, description, recommendation text and reference, any case.
    ({"q": "terms of reference"}, ("overdue",)),
    ({"q": "assetplus"}, ("later",)),
    ({"q": "governance"}, ("overdue", "due_soon", "done")),
    ({"q": "2A"}, ("later",)),
]

# (query parameters, the rows they give to the plan owner): ``mine`` reads who is asking.
MINE_CASES = [
    ({"mine": "true"}, ("overdue", "done", "later", "elsewhere")),
    ({"mine": "false"}, VISIBLE),
]

# (ordering, the rows in order); RAG follows severity (rag.SORT_ORDER), not the alphabet.
ORDERING_CASES = [
    ("due_on", ("done", "overdue", "due_soon", "later", "elsewhere")),
    ("-due_on", ("elsewhere", "later", "due_soon", "overdue", "done")),
    ("updated_at", ("overdue", "done", "later", "elsewhere", "due_soon")),
    ("-updated_at", ("due_soon", "elsewhere", "later", "done", "overdue")),
]
RAG_ORDERING_CASES = [
    ("rag", ["green", "green", "amber", "red", "blue"]),
    ("-rag", ["blue", "red", "amber", "green", "green"]),
]

# Another service's rows are not choices, whoever names them.
FOREIGN_CASES = [
    {"service": Ref("foreign_service")},
    {"inspection": Ref("foreign_inspection")},
    {"recommendation": Ref("foreign_recommendation")},
    {"lead_agency": Ref("foreign_agency")},
    {"owner": Ref("other_owner")},
]

# (query parameters, the filter refusing them).
INVALID_CASES = [
    ({"rag": "purple"}, "rag"),
    ({"status": "done"}, "status"),
    ({"overdue": "maybe"}, "overdue"),
    ({"due_before": "2025-13-01"}, "due_before"),
    ({"due_after": "yesterday"}, "due_after"),
    ({"owner": "abc"}, "owner"),
    ({"service": "1.5"}, "service"),
    ({"recommendation": "-1"}, "recommendation"),
    ({"ordering": "title"}, "ordering"),
    ({"due_within_days": "-3"}, "due_within_days"),
    ({"due_within_days": "1e400"}, "due_within_days"),
    ({"due_within_days": "99999999999"}, "due_within_days"),
]


@pytest.mark.parametrize(("params", "expected"), ACTION_CASES)
def test_action_filterset(plan, manager, params, expected):
    rows = filtered(ActionFilterSet, resolve(params, plan), manager)
    assert sorted(names_of(plan, rows)) == sorted(expected)


@pytest.mark.parametrize(("params", "expected"), MINE_CASES)
def test_action_filterset_mine_is_the_requesting_users(plan, plan_owner, params, expected):
    rows = filtered(ActionFilterSet, params, plan_owner)
    assert sorted(names_of(plan, rows)) == sorted(expected)


@pytest.mark.parametrize(("ordering", "expected"), ORDERING_CASES)
def test_action_filterset_ordering(plan, manager, ordering, expected):
    rows = filtered(ActionFilterSet, {"ordering": ordering}, manager)
    assert names_of(plan, rows) == list(expected)


@pytest.mark.parametrize(("ordering", "expected"), RAG_ORDERING_CASES)
def test_action_filterset_orders_rag_by_severity(plan, manager, ordering, expected):
    rows = filtered(ActionFilterSet, {"ordering": ordering}, manager)
    assert [action.rag for action in rows] == expected


@pytest.mark.parametrize("params", FOREIGN_CASES)
def test_action_filterset_refuses_another_services_rows(plan, manager, params):
    filterset = bind_filterset(ActionFilterSet, resolve(params, plan), manager)
    assert not filterset.is_valid()
    (name,) = params
    assert "not one of the available choices" in filterset.errors[name][0]


@pytest.mark.parametrize(("params", "field"), INVALID_CASES)
def test_action_filterset_refuses_malformed_values(plan, manager, params, field):
    filterset = bind_filterset(ActionFilterSet, params, manager)
    assert not filterset.is_valid()
    assert field in filterset.errors


# Progress updates

CUT = datetime.combine(TODAY - 5 * DAY, time(12), tzinfo=LONDON).isoformat()


@pytest.fixture
def updates(plan, plan_owner, manager, today):
    plan.red = ProgressUpdateFactory(action=plan.overdue, author=plan_owner, assessed_rag="red")
    plan.green = ProgressUpdateFactory(
        action=plan.later,
        author=manager,
        assessed_rag="green",
        recorded_at=datetime.combine(today - 10 * DAY, time(12), tzinfo=LONDON),
    )
    plan.foreign_update = ProgressUpdateFactory(action=plan.foreign)
    return plan


PROGRESS_CASES = [
    ({}, ("red", "green")),
    ({"service": Ref("service")}, ("red", "green")),
    ({"action": Ref("later")}, ("green",)),
    ({"author": Ref("manager")}, ("green",)),
    ({"assessed_rag": "red"}, ("red",)),
    ({"assessed_rag": "red,green"}, ("red", "green")),
    ({"recorded_after": CUT}, ("red",)),
    ({"recorded_before": CUT}, ("green",)),
]


@pytest.mark.parametrize(("params", "expected"), PROGRESS_CASES)
def test_progress_update_filterset(updates, manager, params, expected):
    rows = filtered(ProgressUpdateFilterSet, resolve(params, updates), manager)
    assert sorted(names_of(updates, rows)) == sorted(expected)


@pytest.mark.parametrize(
    "params",
    [
        {"service": Ref("foreign_service")},
        {"action": Ref("foreign")},
        {"author": Ref("other_owner")},
    ],
)
def test_progress_update_filterset_refuses_another_services_rows(updates, manager, params):
    assert not bind_filterset(ProgressUpdateFilterSet, resolve(params, updates), manager).is_valid()


# The API and the admin use this FilterSet: a few cases of the table through each path.

THROUGH_BOTH_PATHS = [
    ({"overdue": "true"}, ("overdue",)),
    ({"rag": ["red", "amber"]}, ("overdue", "due_soon")),
    ({"due_within_days": "60", "status": "not_started"}, ("later",)),
    ({"inspection": Ref("thematic")}, ("elsewhere",)),
]


def test_the_api_and_the_admin_are_built_on_these_filtersets():
    assert ActionViewSet.filterset_class is ActionFilterSet
    assert ProgressUpdateViewSet.filterset_class is ProgressUpdateFilterSet
    sidebar = [f for f in ActionAdmin.list_filter if issubclass(f, FilterSetListFilter)]
    assert {f.filterset_class for f in sidebar} == {ActionFilterSet}


@pytest.mark.parametrize(("params", "expected"), THROUGH_BOTH_PATHS)
def test_the_api_list_gives_the_filtersets_rows(plan, manager, params, expected):
    client = APIClient()
    client.force_authenticate(manager)
    response = client.get("/api/v1/actions/", resolve(params, plan))
    assert response.status_code == 200, response.json()
    ids = [row["id"] for row in response.json()["results"]]
    assert sorted(ids) == sorted(getattr(plan, name).pk for name in expected)


def test_the_api_answers_a_value_the_filterset_refuses_with_a_400(plan, manager):
    client = APIClient()
    client.force_authenticate(manager)
    response = client.get("/api/v1/actions/", {"service": plan.foreign_service.pk, "rag": "x"})
    assert response.status_code == 400
    assert set(response.json()) == {"service", "rag"}
    assert "not one of the available choices" in response.json()["service"][0]


@pytest.mark.parametrize(("params", "expected"), THROUGH_BOTH_PATHS)
def test_the_admin_changelist_gives_the_filtersets_rows(plan, manager, client, params, expected):
    client.force_login(manager)
    response = client.get(reverse("admin:actions_action_changelist"), resolve(params, plan))
    assert response.status_code == 200
    assert sorted(names_of(plan, response.context["cl"].result_list)) == sorted(expected)


@pytest.mark.django_db
def test_search_finds_each_field_once_and_uses_no_join(service, plan_owner):
    from actions.filtersets import ActionFilterSet
    from actions.models import Action
    from tests.factories import ActionFactory, RecommendationFactory

    recommendation = RecommendationFactory(
        inspection__service=service, text="Improve Desistance work"
    )
    by_text = ActionFactory(recommendation=recommendation, title="Audit", owner=plan_owner)
    by_title = ActionFactory(title="desistance training", owner=plan_owner)
    by_reference = ActionFactory(reference="DS1", owner=plan_owner)
    ActionFactory(title="Something else", owner=plan_owner)

    found = ActionFilterSet({"q": "DESIST"}, queryset=Action.objects.all()).qs

    assert set(found) == {by_text, by_title}
    assert "JOIN" not in str(found.query).upper()
    assert list(ActionFilterSet({"q": "ds1"}, queryset=Action.objects.all()).qs) == [by_reference]
