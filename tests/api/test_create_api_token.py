"""``manage.py create_api_token``: prints a working key; re-running keeps it; --rotate replaces it."""

from io import StringIO

import pytest
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
