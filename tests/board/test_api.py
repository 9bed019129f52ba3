"""``GET /api/v1/services/{id}/board-pack/`` and ``manage.py board_pack``."""

import json

import pytest
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient

from tests.board.conftest import day
from tests.support import TODAY

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_of():
    def client(user):
        api = APIClient()
        api.force_authenticate(user)
        return api

    return client


def url(service, **params):
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return f"/api/v1/services/{service.pk}/board-pack/?{query}"


def test_the_json_pack_is_the_default_as_at_today(history, manager, client_of):
    response = client_of(manager).get(url(history.service))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = json.loads(response.content)
    assert body["as_at"] == TODAY.isoformat()
    assert [row["reference"] for row in body["rows"]] == ["1a", "1b", "2a"]
    assert body["rows"][1]["rag_reason"] == "20 days overdue"
    assert (
        f"board-pack-medway-youth-justice-service-{TODAY}.json" in response["Content-Disposition"]
    )


@pytest.mark.parametrize(
    ("format_name", "content_type", "magic"),
    [
        ("csv", "text/csv; charset=utf-8", "\ufeffInspection".encode()),
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b"PK"),
    ],
)
def test_each_format_has_its_media_type_and_a_file_name_of_service_and_day(
    history, manager, client_of, format_name, content_type, magic
):
    response = client_of(manager).get(url(history.service, as_at=day(30), format=format_name))
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response.content.startswith(magic)
    assert response["Content-Disposition"] == (
        f'attachment; filename="board-pack-medway-youth-justice-service-{day(30)}.{format_name}"'
    )


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"as_at": "23-11-2026"}, "as_at"),
        ({"as_at": "2026-02-30"}, "as_at"),
        ({"as_at": "20261123"}, "as_at"),
        ({"as_at": "2999-01-01"}, "as_at"),
        ({"format": "docx"}, "format"),
        ({"format": ""}, None),
    ],
)
def test_a_bad_day_or_format_is_a_400_naming_the_field(history, manager, client_of, params, field):
    response = client_of(manager).get(url(history.service, **params))
    if field is None:
        assert response.status_code == 200
        return
    assert response.status_code == 400
    assert list(response.json()) == [field]


def test_another_services_pack_is_not_found(history, other_owner, client_of):
    assert client_of(other_owner).get(url(history.service)).status_code == 404


def test_a_board_member_and_a_plan_owner_of_the_service_may_read_it(
    history, board_user, plan_owner, client_of
):
    assert client_of(board_user).get(url(history.service)).status_code == 200
    assert client_of(plan_owner).get(url(history.service)).status_code == 200


def test_signed_out_callers_are_refused(history):
    assert APIClient().get(url(history.service)).status_code in (401, 403)


def test_the_command_writes_the_pack_to_a_file(history, tmp_path):
    output = tmp_path / "pack.csv"
    call_command(
        "board_pack",
        service=str(history.service.pk),
        as_at=day(30).isoformat(),
        format="csv",
        output=str(output),
    )
    assert output.read_text(encoding="utf-8-sig").splitlines()[0].startswith("Inspection,")


@pytest.mark.parametrize(
    ("service_id", "as_at", "format_name", "message"),
    [
        ("999999", None, "pdf", "--service: no service has the id '999999'."),
        ("abc", None, "pdf", "--service"),
        (None, "2026/01/01", "pdf", "--as-at: Give the date as YYYY-MM-DD"),
        (None, None, "odt", "--format: Choose one of"),
    ],
)
def test_the_command_says_what_is_wrong(history, tmp_path, service_id, as_at, format_name, message):
    with pytest.raises(CommandError, match=message.replace("(", r"\(").replace("?", r"\?")):
        call_command(
            "board_pack",
            service=service_id or str(history.service.pk),
            as_at=as_at,
            format=format_name,
            output=str(tmp_path / "x"),
        )
