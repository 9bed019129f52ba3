"""Bad input is a 400 with a message per field: never a 500, never quietly read as something else.

The NUL-character cases matter most on PostgreSQL (which cannot compare text holding one); like
every unmarked test they run on SQLite and, in CI, on PostgreSQL.
"""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from core.parsers import MAX_DEPTH

pytestmark = pytest.mark.django_db

NULL = "Null characters are not allowed."


def nested(depth: int):
    """``{"a": {"a": ... {"a": 1}}}``, ``depth`` objects deep."""
    value: object = 1
    for _ in range(depth):
        value = {"a": value}
    return value


@pytest.mark.parametrize(
    ("item", "missing"),
    [
        ({"rating": "good"}, ["standard"]),
        ({"standard": "1.1"}, ["rating"]),
        ({}, ["rating", "standard"]),
    ],
)
def test_a_patched_standard_rating_missing_a_key_is_400(plan, client_for, manager, item, missing):
    response = client_for(manager).patch(
        f"/api/v1/inspections/{plan.inspection.pk}/", {"standard_ratings": [item]}, format="json"
    )

    assert response.status_code == 400
    (errors,) = response.json()["standard_ratings"].values()
    assert sorted(errors) == missing


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 5000])
@pytest.mark.parametrize(
    ("method", "url"), [("post", "/api/v1/actions/"), ("patch", "/api/v1/inspections/{pk}/")]
)
def test_json_nested_too_deeply_is_400(plan, client_for, manager, method, url, depth):
    body = json.dumps({"title": nested(depth)}) if depth < 900 else "[" * depth + "]" * depth

    response = getattr(client_for(manager), method)(
        url.format(pk=plan.inspection.pk), data=body, content_type="application/json"
    )

    assert response.status_code == 400
    assert f"Nested more than {MAX_DEPTH} levels deep." in json.dumps(response.json())


def test_json_nested_to_the_limit_is_read(plan, client_for, manager):
    body = {"title": "Deep", "reference": nested(MAX_DEPTH - 1)}

    response = client_for(manager).post("/api/v1/actions/", body, format="json")

    assert response.status_code == 400
    assert "Nested" not in json.dumps(response.json())


@pytest.mark.parametrize(
    "body",
    [{"title": "a\x00b"}, {"standard_ratings": [{"standard": "\x00", "rating": "good"}]}],
)
def test_a_nul_anywhere_in_a_json_body_is_400_under_its_field(plan, client_for, manager, body):
    response = client_for(manager).patch(
        f"/api/v1/inspections/{plan.inspection.pk}/", body, format="json"
    )

    assert response.status_code == 400
    assert response.json() == {next(iter(body)): [NULL]}


def test_a_nul_in_a_local_authority_name_is_400(db, client_for, django_user_model):
    superuser = django_user_model.objects.create_superuser("root", "root@example.org", "x")
    body = {"name": "Kent Youth Justice Service", "local_authorities": ["Kent\x00"]}

    response = client_for(superuser).post("/api/v1/services/", body, format="json")

    assert response.status_code == 400
    assert response.json() == {"local_authorities": [NULL]}


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/inspections/?framework=%00",
        "/api/v1/actions/?q=a%00",
        "/api/v1/events/?subject_type=%00",
        "/api/v1/services/?local_authorities=%00",
        "/api/v1/actions/?%00=1",
    ],
)
def test_a_nul_in_a_query_parameter_is_400_under_its_name(plan, client_for, manager, url):
    response = client_for(manager).get(url)

    assert response.status_code == 400
    ((name, messages),) = response.json().items()
    assert name in url.replace("%00", "\\0") and messages == [NULL]


@pytest.mark.parametrize("owner", [13.5, "13.5", True, "13.0", [13]])
def test_an_id_that_is_not_a_whole_number_is_refused(plan, client_for, manager, owner):
    response = client_for(manager).patch(
        f"/api/v1/actions/{plan.action.pk}/", {"owner": owner}, format="json"
    )

    assert response.status_code == 400
    assert "Incorrect type" in response.json()["owner"][0]


def test_an_id_as_a_string_of_digits_is_still_read(plan, client_for, manager):
    response = client_for(manager).patch(
        f"/api/v1/actions/{plan.action.pk}/", {"owner": str(manager.pk)}, format="json"
    )

    assert response.status_code == 200 and response.json()["owner"] == manager.pk


@pytest.mark.parametrize(
    ("url", "body", "field"),
    [
        ("/api/v1/actions/{action}/", {"title": 5}, "title"),
        ("/api/v1/actions/{action}/", {"description": 1.5}, "description"),
        ("/api/v1/inspections/{inspection}/", {"title": 5}, "title"),
        ("/api/v1/recommendations/{recommendation}/", {"text": True}, "text"),
        (
            "/api/v1/actions/{action}/progress-updates/",
            {"narrative": 7, "assessed_rag": "green"},
            "narrative",
        ),
        (
            "/api/v1/actions/{action}/revise-deadline/",
            {"due_on": "2099-01-01", "reason": 3},
            "reason",
        ),
    ],
)
def test_a_number_for_a_text_field_is_refused(plan, client_for, manager, url, body, field):
    ids = {"action": plan.action.pk, "inspection": plan.inspection.pk}
    ids["recommendation"] = plan.recommendation.pk
    method = "post" if url.endswith(("updates/", "deadline/")) else "patch"

    response = getattr(client_for(manager), method)(url.format(**ids), body, format="json")

    assert response.status_code == 400
    assert response.json()[field] == ["Not a valid string."]


@pytest.mark.parametrize(
    ("score", "status"), [(0, 200), (36, 200), (37, 400), (99, 400), (-1, 400)]
)
def test_a_published_score_outside_the_frameworks_range_is_refused(
    plan, client_for, manager, score, status
):
    response = client_for(manager).patch(
        f"/api/v1/inspections/{plan.inspection.pk}/", {"published_score": score}, format="json"
    )

    assert response.status_code == status
    if score > 36:
        assert response.json() == {
            "published_score": ["A score under this framework is from 0 to 36."]
        }


@pytest.mark.parametrize(
    ("url", "body", "field"),
    [
        ("progress-updates/", {"narrative": "x" * 10_001, "assessed_rag": "green"}, "narrative"),
        ("revise-deadline/", {"due_on": "2099-01-01", "reason": "x" * 2_001}, "reason"),
    ],
)
def test_text_longer_than_its_bound_is_refused(plan, client_for, manager, url, body, field):
    response = client_for(manager).post(
        f"/api/v1/actions/{plan.action.pk}/{url}", body, format="json"
    )

    assert response.status_code == 400
    assert str(len(body[field]) - 1) in response.json()[field][0]


def test_a_patched_action_description_longer_than_its_bound_is_refused(plan, client_for, manager):
    response = client_for(manager).patch(
        f"/api/v1/actions/{plan.action.pk}/", {"description": "x" * 5_001}, format="json"
    )

    assert response.status_code == 400
    assert "5000 characters" in response.json()["description"][0]


def revise_to_yesterday(client, plan, **extra):
    yesterday = timezone.localdate() - timedelta(days=1)
    body = {"due_on": yesterday.isoformat(), "reason": "Recording a missed date.", **extra}
    return client.post(f"/api/v1/actions/{plan.action.pk}/revise-deadline/", body, format="json")


def test_a_revised_deadline_in_the_past_is_refused(plan, client_for, manager):
    response = revise_to_yesterday(client_for(manager), plan)

    assert response.status_code == 400
    assert "in the past" in response.json()["due_on"][0]


def test_a_plan_owner_cannot_confirm_a_past_deadline(plan, client_for, plan_owner):
    response = revise_to_yesterday(client_for(plan_owner), plan, confirm_past_deadline=True)

    assert response.status_code == 400
    assert "Only a service manager" in response.json()["due_on"][0]


def test_a_service_manager_may_confirm_a_past_deadline(plan, client_for, manager):
    response = revise_to_yesterday(client_for(manager), plan, confirm_past_deadline=True)

    assert response.status_code == 201
    plan.action.refresh_from_db()
    assert plan.action.due_on == timezone.localdate() - timedelta(days=1)
