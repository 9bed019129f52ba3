"""``manage.py create_api_token``: prints a working key; re-running keeps it; --rotate replaces it."""

import re
import shlex
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def token_of(*args) -> str:
    out = StringIO()
    call_command("create_api_token", *args, stdout=out)
    return out.getvalue().strip()


def status_with(key) -> int:
    return APIClient().get("/api/v1/actions/", HTTP_AUTHORIZATION=f"Token {key}").status_code


def test_printed_key_authenticates_and_is_stable(plan_owner):
    key = token_of("owner")

    assert len(key) == 40
    assert token_of("owner") == key
    assert status_with(key) == 200


def test_rotate_replaces_the_key(plan_owner):
    old = token_of("owner")

    new = token_of("owner", "--rotate")

    assert new != old
    assert status_with(old) == 401
    assert status_with(new) == 200


def test_unknown_user_is_an_error(db):
    with pytest.raises(CommandError, match="No user is called 'ghost'"):
        token_of("ghost")


def test_the_readmes_api_example_works_on_a_fresh_install(db, client):
    """The README's commands, run as written after `make run` loaded the demo data."""
    call_command("load_demo_data", stdout=StringIO())
    readme = (Path(settings.BASE_DIR) / "README.md").read_text()
    commands = re.findall(
        r"^python manage\.py ((?:grant_role|create_api_token) perf-system.*?)(?:\s+#.*)?$",
        readme,
        re.M,
    )
    assert [c.split()[0] for c in commands] == ["grant_role", "create_api_token"]
    out = StringIO()
    for command in commands:
        name, *args = shlex.split(command)
        call_command(name, *args, stdout=out)
    key = out.getvalue().split()[-1]

    response = client.get("/api/v1/actions/", HTTP_AUTHORIZATION=f"Token {key}")

    assert response.status_code == 200
    assert response.json()["count"] > 0


def test_signing_in_to_the_browsable_api_lands_on_the_home_page(client, plan_owner):
    plan_owner.set_password("a-long-password-1")
    plan_owner.save()
    page = client.get("/api/api-auth/login/")
    assert page.status_code == 200

    response = client.post(
        "/api/api-auth/login/", {"username": plan_owner.username, "password": "a-long-password-1"}
    )

    assert response.status_code == 302
    assert response["Location"] == "/"
