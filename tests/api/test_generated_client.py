"""A client generated from the live ``/api/schema/`` does a full round trip of the plan.

openapi-python-client (a public generator, run locally: no network) writes the client into a
temporary directory at test time; the test imports it and, as a service manager with a token,
records an inspection with its ratings, a recommendation, actions, progress, then reads the
service summary and checks the figures.
"""

import importlib
import sys
from datetime import timedelta

import pytest

from scripts.generate_client import fetch_schema, generate_client
from tenancy.choices import ServiceRole
from tests.api.qa.seed import api_token
from tests.factories import MEDWAY_RATINGS, ServiceFactory, member
from tests.support import TODAY

PACKAGE = "yjtracker_client"


@pytest.fixture
def reading(transactional_db, today):
    """A service with a manager and a plan owner, and nothing recorded yet, on ``today``.

    The live server is a thread of this process: it reads the same frozen clock.
    """
    service = ServiceFactory(name="Reading Youth Justice Service")
    manager = member(service, ServiceRole.SERVICE_MANAGER, username="reading_manager")
    owner = member(service, ServiceRole.PLAN_OWNER, username="reading_owner")
    return service, manager, owner


@pytest.fixture
def client_package(live_server, reading, tmp_path):
    """The generated client package, imported from a temporary directory."""
    _, manager, _ = reading
    schema = fetch_schema(f"{live_server.url}/api/schema/?format=json", api_token(manager))
    generate_client(schema, tmp_path, PACKAGE)
    sys.path.insert(0, str(tmp_path))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(tmp_path))
        for name in [name for name in sys.modules if name.startswith(PACKAGE)]:
            del sys.modules[name]


@pytest.fixture
def api(client_package, live_server, reading):
    """The generated client's modules and an authenticated client for Reading's manager."""
    _, manager, _ = reading
    ops = importlib.import_module(f"{PACKAGE}.api.v1")
    models = importlib.import_module(f"{PACKAGE}.models")
    # Closing the client closes its keep-alive connection, so the live server's thread for it
    # ends (closing its database connection) within this test, not during a later one.
    with client_package.AuthenticatedClient(
        base_url=live_server.url,
        token=api_token(manager),
        prefix="Token",
        raise_on_unexpected_status=True,
    ) as client:
        yield client, ops, models


def call(ops, name: str, *args, **kwargs):
    """Call one generated operation and return its parsed body, checking the status."""
    module = importlib.import_module(f"{ops.__name__}.{name}")
    response = module.sync_detailed(*args, **kwargs)
    assert response.status_code < 300, (name, response.status_code, response.content)
    return response.parsed


def create_inspection(client, ops, models, service_id):
    today = TODAY
    ratings = [
        models.StandardRatingRequest(standard=code, rating=models.RatingEnum(rating))
        for code, rating in MEDWAY_RATINGS.items()
    ]
    body = models.InspectionRequest(
        service=service_id,
        framework="2018",
        kind=models.KindEnum.SINGLE,
        title="Reading 2025",
        fieldwork_start_on=today - timedelta(days=120),
        fieldwork_end_on=today - timedelta(days=116),
        published_on=today - timedelta(days=60),
        standard_ratings=ratings,
    )
    return call(ops, "v1_inspections_create", client=client, body=body)


def create_recommendation(client, ops, models, inspection_id, number, standards):
    body = models.RecommendationRequest(
        inspection=inspection_id,
        number=number,
        text=f"Recommendation {number} of the Reading inspection.",
        standards=standards,
    )
    return call(ops, "v1_recommendations_create", client=client, body=body)


def create_action(client, ops, models, recommendation_id, reference, owner_id, due_in_days):
    today = TODAY
    body = models.ActionRequest(
        recommendation=recommendation_id,
        reference=reference,
        title=f"Action {reference}",
        owner=owner_id,
        start_on=today - timedelta(days=30),
        due_on=today + timedelta(days=due_in_days),
    )
    return call(ops, "v1_actions_create", client=client, body=body)


def test_generated_client_records_a_plan_and_reads_its_summary(api, reading):
    client, ops, models = api
    service, manager, owner = reading

    inspection = create_inspection(client, ops, models, service.pk)
    assert (inspection.score, inspection.overall_rating) == (18, "requires_improvement")
    assert {r.standard: r.rating for r in inspection.standard_ratings} == MEDWAY_RATINGS

    first = create_recommendation(client, ops, models, inspection.id, 1, ["2.1"])
    create_recommendation(client, ops, models, inspection.id, 2, ["1.1"])
    assert first.rag == "unplanned"

    on_track = create_action(client, ops, models, first.id, "1a", owner.pk, 60)
    overdue = create_action(client, ops, models, first.id, "1b", owner.pk, -5)
    assert (on_track.rag, overdue.rag) == ("green", "red")

    progress = models.ActionProgressRequest(
        narrative="Case audit under way; two of five teams done.",
        assessed_rag=models.AssessedRagEnum.AMBER,
    )
    update = call(
        ops, "v1_actions_progress_updates_create", on_track.id, client=client, body=progress
    )
    assert (update.action, update.assessed_rag, update.author) == (
        on_track.id,
        "amber",
        manager.pk,
    )

    action = call(ops, "v1_actions_retrieve", on_track.id, client=client)
    assert (action.rag, action.status) == ("amber", "in_progress")

    summary = call(ops, "v1_services_summary_retrieve", service.pk, client=client)
    counts = summary.rag_counts
    assert (counts.red, counts.amber, counts.green, counts.blue, counts.unplanned) == (
        1,
        1,
        0,
        0,
        1,
    )
    assert (counts.actions, summary.overdue, summary.due_soon) == (2, 1, 0)
    assert (summary.rag, summary.percent_complete) == ("red", 0)
    assert [item.id for item in summary.inspections] == [inspection.id]
    by_standard = {item.code: item.rag_counts for item in summary.standards}
    assert (by_standard["2.1"].red, by_standard["2.1"].amber) == (1, 1)
    assert by_standard["1.1"].unplanned == 1
