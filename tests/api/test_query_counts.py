"""Query ceilings: a page of 100 actions, the summary and the event feed cost a constant number
of queries however much data there is. Each is measured at two data sizes, which must agree."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from actions.models import Action, ProgressUpdate
from events.models import DomainEvent
from inspections.models import Recommendation, Standard, StandardRating
from tenancy.choices import ServiceRole
from tests.factories import InspectionFactory, member
from tests.support import TODAY

pytestmark = pytest.mark.django_db

# Token and user (1), count (1), page (1), then one query per prefetched relation or roll-up.
CEILINGS = {
    "/api/v1/actions/?page_size=100&rag=red,amber,green&ordering=due_on": 3,
    "/api/v1/inspections/?page_size=100": 11,
    "/api/v1/recommendations/?page_size=100": 6,
    "/api/v1/progress-updates/?page_size=100": 3,
    "/api/v1/events/?after=0&page_size=100": 3,
    "/api/v1/users/?page_size=100": 4,
    "/api/v1/frameworks/": 7,
}


def grow(plan, owner, *, recommendations: int, actions_each: int) -> None:
    """Add recommendations (each on two standards), actions, progress updates and events."""
    today = TODAY  # the ``plan`` fixture froze the clock on it
    standards = list(Standard.objects.filter(domain__framework__code="2018"))
    inspection = InspectionFactory(service=plan.inspection.service)
    StandardRating.objects.bulk_create(
        StandardRating(inspection=inspection, standard=standard, rating="good")
        for standard in standards
    )
    member(plan.inspection.service, ServiceRole.PLAN_OWNER)
    for number in range(1, recommendations + 1):
        recommendation = Recommendation.objects.create(
            inspection=inspection, number=number, text=f"Recommendation {number}"
        )
        recommendation.standards.set(standards[number % 12 : number % 12 + 2])
        rows = Action.objects.bulk_create(
            Action(
                recommendation=recommendation,
                reference=f"{number}-{index}",
                title=f"Action {number}.{index}",
                owner=owner,
                due_on=today + timedelta(days=index * 7 - 20),
                original_due_on=today,
                rag=("red", "amber", "green")[index % 3],
            )
            for index in range(actions_each)
        )
        ProgressUpdate.objects.bulk_create(
            ProgressUpdate(action=action, author=owner, narrative=f"n{i}", assessed_rag="green")
            for action in rows
            for i in range(2)
        )
        DomainEvent.objects.bulk_create(
            DomainEvent(
                type="action.created",
                service=plan.inspection.service,
                subject_type="action",
                subject_id=action.pk,
                actor=owner,
            )
            for action in rows
        )


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(queries)


@pytest.fixture
def measure(plan, client_for, manager, plan_owner, django_assert_max_num_queries):
    """Queries of ``url`` with a small plan, then (under ``ceiling``) with twelve times the data."""

    def run(url, ceiling):
        client = client_for(manager)
        grow(plan, plan_owner, recommendations=2, actions_each=5)
        # A first request may probe the connection once (SQLite's JSON support): not counted.
        client.get(url)
        small = count_queries(client, url)
        grow(plan, plan_owner, recommendations=12, actions_each=12)
        assert Action.objects.count() > 150
        with django_assert_max_num_queries(ceiling) as large:
            assert client.get(url).status_code == 200
        return small, len(large)

    return run


@pytest.mark.parametrize("url", list(CEILINGS))
def test_lists_take_a_constant_number_of_queries(measure, url):
    small, large = measure(url, CEILINGS[url])

    assert small == large


def test_a_page_of_100_actions_is_full_and_constant(
    plan, client_for, manager, plan_owner, django_assert_max_num_queries
):
    grow(plan, plan_owner, recommendations=12, actions_each=12)
    client = client_for(manager)
    url = "/api/v1/actions/?page_size=100&overdue=false&ordering=-rag"
    client.get(url)

    with django_assert_max_num_queries(CEILINGS[next(iter(CEILINGS))]):
        body = client.get(url).json()

    assert len(body["results"]) == 100
    grown = [row for row in body["results"] if row["id"] != plan.action.pk]
    assert {row["latest_update"]["narrative"] for row in grown} == {"n1"}


def test_summary_takes_a_constant_number_of_queries(measure, service):
    small, large = measure(f"/api/v1/services/{service.pk}/summary/", 8)

    assert small == large


@pytest.mark.parametrize(("kind", "ceiling"), [("actions", 3), ("inspections", 10)])
def test_detail_reads_take_a_constant_number_of_queries(
    plan, client_for, manager, plan_owner, kind, ceiling, django_assert_max_num_queries
):
    grow(plan, plan_owner, recommendations=3, actions_each=10)
    obj = plan.action if kind == "actions" else plan.inspection
    client = client_for(manager)

    with django_assert_max_num_queries(ceiling):
        response = client.get(f"/api/v1/{kind}/{obj.pk}/")

    assert response.status_code == 200
    assert response["ETag"]


def test_a_filtered_page_of_actions_takes_three_queries_and_its_count_joins_no_service(
    plan, client_for, manager, plan_owner
):
    grow(plan, plan_owner, recommendations=12, actions_each=12)
    client = client_for(manager)
    url = "/api/v1/actions/?rag=red,amber&overdue=true&page_size=100"
    client.get(url)

    with CaptureQueriesContext(connection) as queries:
        body = client.get(url).json()

    _token, count, page = (query["sql"] for query in queries.captured_queries)
    assert body["count"] == Action.objects.filter(rag__in=["red", "amber"]).overdue(TODAY).count()
    assert len(body["results"]) == min(body["count"], 100)
    # The service's RAG thresholds are read with the page, not joined into the COUNT.
    assert "tenancy_youthjusticeservice" not in count
    assert "rag_due_soon_days" in page
