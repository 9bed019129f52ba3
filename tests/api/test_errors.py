"""Whatever a client sends, the answer is a 4xx with a message, never a 500."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection
from rest_framework.test import APIClient

from actions.models import Action
from core.api import INTEGRITY_MESSAGE, exception_handler

pytestmark = pytest.mark.django_db

HUGE = 10**20


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (IntegrityError("duplicate key"), {"non_field_errors": [INTEGRITY_MESSAGE]}),
        (
            IntegrityError('violates check constraint "fieldwork_ends_after_it_starts"'),
            {"non_field_errors": ["Fieldwork cannot end before it starts."]},
        ),
        (ValidationError("Not allowed."), {"non_field_errors": ["Not allowed."]}),
        (
            ValidationError({"__all__": ["Clash."], "due_on": ["Too late."]}),
            {"non_field_errors": ["Clash."], "due_on": ["Too late."]},
        ),
    ],
)
def test_domain_errors_become_400s_with_field_messages(error, expected):
    response = exception_handler(error, {})

    assert response.status_code == 400
    assert response.data == expected


@pytest.mark.parametrize(
    "url",
    [
        f"/api/v1/actions/{HUGE}/",
        "/api/v1/actions/abc/",
        f"/api/v1/inspections/{HUGE}/",
        "/api/v1/users/1.5/",
        f"/api/v1/services/{HUGE}/summary/",
        f"/api/v1/events/{HUGE}/",
    ],
)
def test_unknown_or_malformed_ids_in_urls_are_404(plan, client_for, manager, url):
    assert client_for(manager).get(url).status_code == 404


@pytest.mark.parametrize(
    "query",
    [
        f"?owner={HUGE}",
        f"?recommendation={HUGE}",
        "?q=%00",
        "?due_before=0000-00-00",
        "?due_after=99999-01-01",
        "?status=",
    ],
)
def test_odd_filter_values_never_fail(plan, client_for, manager, query):
    assert client_for(manager).get("/api/v1/actions/" + query).status_code in (200, 400)


@pytest.mark.parametrize(
    ("url", "body"),
    [
        ("/api/v1/actions/", [1, 2]),
        ("/api/v1/actions/", {"owner": HUGE, "recommendation": HUGE, "due_on": "2030-01-01"}),
        ("/api/v1/actions/", {"title": "\x00", "reference": {"a": 1}}),
        ("/api/v1/inspections/", {"standard_ratings": "good"}),
        ("/api/v1/inspections/", {"standard_ratings": [{"standard": ["1.1"], "rating": 3}]}),
        ("/api/v1/recommendations/", {"standards": {"code": "1.1"}, "number": HUGE}),
        ("/api/v1/progress-updates/", {"action": "1; drop table", "narrative": None}),
    ],
)
def test_wrong_types_are_400(plan, client_for, manager, url, body):
    response = client_for(manager).post(url, body, format="json")

    assert response.status_code == 400
    assert response.json()


def test_malformed_json_is_400(plan, client_for, manager):
    response = client_for(manager).post(
        "/api/v1/actions/", data="{not json", content_type="application/json"
    )

    assert response.status_code == 400
    assert "JSON parse error" in response.json()["detail"]


def test_far_dates_are_accepted_or_refused_cleanly(plan, client_for, manager):
    url = f"/api/v1/actions/{plan.action.pk}/revise-deadline/"

    far = client_for(manager).post(url, {"due_on": "9999-12-31", "reason": "Later."})
    assert far.status_code == 201
    listed = client_for(manager).get("/api/v1/actions/?overdue=false&due_within_days=3660")
    assert listed.status_code == 200


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_duplicate_creates_give_one_201_and_400s(service, manager, plan, today):
    """Writers racing past validation hit the unique constraint: a 400, never a 500."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (SQLite serialises writers)")
    from rest_framework.authtoken.models import Token

    key = Token.objects.create(user=manager).key
    payload = {
        "recommendation": plan.recommendation.pk,
        "reference": "9q",
        "title": "Raced",
        "owner": manager.pk,
        "due_on": today.isoformat(),
    }
    results, barrier = [], threading.Barrier(6)

    def post():
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        barrier.wait()
        response = client.post("/api/v1/actions/", payload, format="json")
        results.append((response.status_code, response.json()))
        connection.close()

    threads = [threading.Thread(target=post) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(status for status, _ in results) == [201, 400, 400, 400, 400, 400]
    duplicate = "This recommendation already has an action with this reference."
    assert {body["non_field_errors"][0] for status, body in results if status == 400} == {duplicate}
    assert Action.objects.filter(reference="9q").count() == 1


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", "/api/v1/actions/1.5/"),
        ("post", "/api/v1/actions/-2.5e-112/complete/"),
        ("get", "/api/v1/nothing-here/"),
        ("delete", "/api/v2/"),
    ],
)
def test_unmatched_api_paths_answer_404_in_json(plan, client_for, manager, method, url):
    response = getattr(client_for(manager), method)(url)

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}
