"""The OpenAPI document: served, valid, and free of generator warnings (clean for clients)."""

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_schema_validates_without_warnings(tmp_path):
    target = tmp_path / "schema.yaml"

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))

    text = target.read_text()
    for path in ("/api/v1/actions/{id}/revise-deadline/", "/api/v1/services/{id}/summary/"):
        assert path in text


def test_schema_and_docs_are_served(client_for, plan_owner):
    client = client_for(plan_owner)

    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200
    assert schema.json()["info"]["title"] == "yjtracker API"
    assert client.get("/api/docs/").status_code == 200


def test_browsable_api_works_with_a_session(client, plan_owner, plan):
    client.force_login(plan_owner)

    page = client.get("/api/v1/actions/", HTTP_ACCEPT="text/html")

    assert page.status_code == 200
    assert b"Action 1a" in page.content
    assert client.get("/api/api-auth/login/").status_code == 200


def test_error_answers_and_if_match_are_documented(client_for, plan_owner):
    paths = (
        client_for(plan_owner)
        .get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
        .json()["paths"]
    )

    patch = paths["/api/v1/actions/{id}/"]["patch"]
    assert set(patch["responses"]) == {"200", "400", "401", "403", "404", "412"}
    assert "If-Match" in [p["name"] for p in patch["parameters"] if p["in"] == "header"]
    assert set(paths["/api/v1/actions/"]["get"]["responses"]) == {"200", "400", "401", "404"}
    assert set(paths["/api/v1/frameworks/{code}/"]["get"]["responses"]) == {"200", "401", "404"}


def test_browsable_api_renders_the_result_of_a_transition(client, plan_owner, plan):
    client.force_login(plan_owner)

    response = client.post(
        f"/api/v1/actions/{plan.action.pk}/progress-updates/",
        {"narrative": "From the browser.", "assessed_rag": "green"},
        HTTP_ACCEPT="text/html",
    )

    assert response.status_code == 201
    assert b"From the browser." in response.content
