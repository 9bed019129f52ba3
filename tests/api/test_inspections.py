"""inspections/ and recommendations/: nested ratings, computed score, roll-ups, permissions."""

import pytest

from events.models import DomainEvent
from inspections.models import Inspection, Recommendation
from tests.factories import MEDWAY_RATINGS

pytestmark = pytest.mark.django_db

INSPECTIONS = "/api/v1/inspections/"
RECOMMENDATIONS = "/api/v1/recommendations/"


def ratings_payload(ratings):
    return [{"standard": code, "rating": rating} for code, rating in ratings.items()]


def new_inspection(service, **fields):
    return {
        "service": service.pk,
        "framework": "2018",
        "kind": "single",
        "title": "Reinspection",
        "fieldwork_start_on": "2024-03-04",
        "fieldwork_end_on": "2024-03-08",
        "standard_ratings": ratings_payload(MEDWAY_RATINGS),
        **fields,
    }


def test_inspection_shows_ratings_score_and_rag_counts(plan, client_for, board_user):
    body = client_for(board_user).get(f"{INSPECTIONS}{plan.inspection.pk}/").json()

    assert body["framework"] == "2018"
    assert {"standard": "3.4", "rating": "inadequate"} in body["standard_ratings"]
    assert len(body["standard_ratings"]) == 12
    assert (body["score"], body["overall_rating"]) == (18, "requires_improvement")
    assert body["rag"] == "green"
    assert body["rag_counts"]["green"] == 1
    assert body["rag_counts"]["actions"] == 1


def test_manager_creates_an_inspection_with_ratings(service, client_for, manager):
    response = client_for(manager).post(INSPECTIONS, new_inspection(service))

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["score"] == 18
    assert body["overall_rating"] == "requires_improvement"
    assert body["rag"] == "unplanned"
    assert body["rag_counts"]["unplanned"] == 0
    types = set(DomainEvent.objects.values_list("type", flat=True))
    assert {"inspection.created", "inspection.ratings_changed"} <= types


def test_ratings_are_replaced_on_update_and_left_alone_when_omitted(plan, client_for, manager):
    url = f"{INSPECTIONS}{plan.inspection.pk}/"
    client = client_for(manager)
    better = {**MEDWAY_RATINGS, "3.4": "good", "2.2": "good"}

    assert client.patch(url, {"standard_ratings": ratings_payload(better)}).json()["score"] == 21
    body = client.patch(url, {"title": "Renamed"}).json()

    assert body["title"] == "Renamed"
    assert body["score"] == 21
    assert body["overall_rating"] == "good"


def test_publishing_records_the_event(service, client_for, manager):
    created = client_for(manager).post(INSPECTIONS, new_inspection(service)).json()

    client_for(manager).patch(f"{INSPECTIONS}{created['id']}/", {"published_on": "2024-05-01"})

    assert DomainEvent.objects.filter(type="inspection.published").count() == 1


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"standard_ratings": [{"standard": "9.9", "rating": "good"}]}, "standard_ratings", "9.9"),
        ({"standard_ratings": [{"standard": "1.1", "rating": "great"}]}, "standard_ratings", ""),
        (
            {"standard_ratings": [{"standard": "1.1", "rating": "good"}] * 2},
            "standard_ratings",
            "Rate each standard once",
        ),
        ({"framework": "1999"}, "framework", "does not exist"),
        ({"kind": "surprise"}, "kind", "not a valid choice"),
        ({"fieldwork_end_on": "2024-03-01"}, "non_field_errors", "cannot end before it starts"),
        ({"published_on": "2024-03-05"}, "non_field_errors", "cannot be published before"),
        ({"published_rating": "not_rated"}, "published_rating", "not on the framework's scale"),
        ({"published_score": -1}, "published_score", "greater than or equal to 0"),
        ({"fieldwork_start_on": 20240304}, "fieldwork_start_on", "wrong format"),
    ],
)
def test_broken_inspection_rules_are_400s_per_field(
    service, client_for, manager, change, field, message
):
    response = client_for(manager).post(INSPECTIONS, new_inspection(service, **change))

    assert response.status_code == 400
    assert message in str(response.json()[field])
    assert not Inspection.objects.exists()


def test_service_and_framework_are_fixed_once_set(plan, client_for, manager):
    response = client_for(manager).patch(
        f"{INSPECTIONS}{plan.inspection.pk}/", {"framework": "2021"}
    )

    assert response.status_code == 400
    assert response.json()["framework"] == ["This cannot be changed once set."]


@pytest.mark.parametrize("role", ["plan_owner", "board_user"])
def test_only_managers_write_inspections(plan, service, client_for, request, role):
    client = client_for(request.getfixturevalue(role))

    assert client.post(INSPECTIONS, new_inspection(service)).status_code == 403
    url = f"{INSPECTIONS}{plan.inspection.pk}/"
    assert client.patch(url, {"title": "x"}).status_code == 403


def test_a_manager_cannot_create_in_another_service(
    plan, other_plan, other_service, client_for, manager
):
    client = client_for(manager)

    response = client.post(INSPECTIONS, new_inspection(other_service))

    assert response.status_code == 400
    assert "does not exist" in response.json()["service"][0]
    assert client.get(f"{INSPECTIONS}{other_plan.inspection.pk}/").status_code == 404
    assert client.patch(f"{INSPECTIONS}{other_plan.inspection.pk}/", {}).status_code == 404


# --- recommendations -------------------------------------------------------------------------


def test_recommendation_shows_standards_and_rag_counts(plan, client_for, plan_owner):
    body = client_for(plan_owner).get(f"{RECOMMENDATIONS}{plan.recommendation.pk}/").json()

    assert body["standards"] == ["2.1", "2.2"]
    assert body["rag"] == "green"
    assert body["rag_counts"]["actions"] == 1
    assert body["service"] == plan.inspection.service_id


def test_manager_adds_a_recommendation_with_standards(plan, client_for, manager):
    payload = {
        "inspection": plan.inspection.pk,
        "number": 2,
        "text": "Strengthen governance.",
        "addressee": "management_board",
        "standards": ["1.1"],
    }

    response = client_for(manager).post(RECOMMENDATIONS, payload)

    assert response.status_code == 201, response.json()
    assert response.json()["rag"] == "unplanned"
    assert response.json()["rag_counts"]["unplanned"] == 1
    assert DomainEvent.objects.filter(type="recommendation.added").count() == 2


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"number": 1}, "non_field_errors", "already has a recommendation with this number"),
        ({"number": 0}, "number", "greater than or equal to 1"),
        ({"standards": ["7.7"]}, "standards", "7.7"),
        ({"addressee": "partner_agency"}, "non_field_errors", "Name the partner agency"),
        ({"addressee": "the_queen"}, "addressee", "not a valid choice"),
        ({"text": ""}, "text", "may not be blank"),
        ({"inspection": "x"}, "inspection", "Incorrect type"),
    ],
)
def test_broken_recommendation_rules_are_400s(plan, client_for, manager, change, field, message):
    payload = {"inspection": plan.inspection.pk, "number": 2, "text": "Do better.", **change}

    response = client_for(manager).post(RECOMMENDATIONS, payload)

    assert response.status_code == 400
    assert message in str(response.json()[field])


def test_recommendation_update_records_the_change(plan, client_for, manager):
    url = f"{RECOMMENDATIONS}{plan.recommendation.pk}/"

    response = client_for(manager).patch(url, {"text": "Improve planning now.", "standards": []})

    assert response.status_code == 200
    assert response.json()["standards"] == []
    assert DomainEvent.objects.filter(type="recommendation.changed").count() == 1


def test_recommendation_permissions_and_isolation(plan, other_plan, client_for, plan_owner):
    client = client_for(plan_owner)
    payload = {"inspection": plan.inspection.pk, "number": 5, "text": "x"}

    assert client.post(RECOMMENDATIONS, payload).status_code == 403
    assert client.patch(f"{RECOMMENDATIONS}{plan.recommendation.pk}/", {}).status_code == 403
    assert client.get(f"{RECOMMENDATIONS}{other_plan.recommendation.pk}/").status_code == 404
    assert Recommendation.objects.count() == 2


def test_recommendation_addressed_to_a_partner_agency(plan, other_plan, client_for, manager):
    payload = {
        "inspection": plan.inspection.pk,
        "number": 3,
        "text": "Police to share data.",
        "addressee": "partner_agency",
    }
    client = client_for(manager)

    foreign = client.post(RECOMMENDATIONS, {**payload, "addressee_agency": other_plan.agency.pk})
    created = client.post(RECOMMENDATIONS, {**payload, "addressee_agency": plan.agency.pk})

    assert foreign.status_code == 400
    assert "addressee_agency" in foreign.json()
    assert created.status_code == 201
    assert created.json()["addressee_agency"] == plan.agency.pk


def test_a_standard_of_another_framework_is_a_400_from_the_models_rule(plan, client_for, manager):
    payload = {
        "inspection": plan.inspection.pk,
        "number": 2,
        "text": "Resettle.",
        "standards": ["4.1"],
    }

    response = client_for(manager).post(RECOMMENDATIONS, payload)

    assert response.status_code == 400
    assert response.json() == {"standards": ["Not standards of the inspection's framework: 4.1."]}
    assert not Recommendation.objects.filter(number=2).exists()
