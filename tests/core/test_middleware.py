"""A NUL character in a query string or form value is a clean 400, before any query runs.

Most telling on PostgreSQL, where such a value reaching a query is a 500.
"""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

AUTOCOMPLETE = {"app_label": "actions", "model_name": "action", "field_name": "lead_agency"}


@pytest.mark.parametrize(
    ("url", "params"),
    [
        ("/admin/events/domainevent/", {"subject_type": "\x00"}),
        ("/admin/actions/action/", {"q": "plan\x00"}),
        ("/admin/inspections/inspection/", {"framework": "\x00"}),
        ("/admin/autocomplete/", {**AUTOCOMPLETE, "term": "\x00"}),
    ],
)
def test_a_nul_in_an_admin_query_is_a_plain_400(admin_client, url, params):
    response = admin_client.get(url, params)

    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")
    assert "null character" in response.content.decode()


def test_a_nul_in_an_admin_form_value_is_a_400(admin_client):
    response = admin_client.post(reverse("admin:actions_action_add"), {"title": "a\x00b"})

    assert response.status_code == 400
    assert "“title”" in response.content.decode()


def test_admin_queries_without_nul_still_answer(admin_client):
    response = admin_client.get("/admin/events/domainevent/", {"subject_type": "action"})

    assert response.status_code == 200
