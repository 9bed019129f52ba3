"""Sign-in forms lock a username out from an address after repeated wrong passwords (django-axes)."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

PASSWORD = "correct-horse-battery"
LOGIN_PAGES = ["/admin/login/", "/api/api-auth/login/"]


def sign_in(path: str, username: str, password: str, address: str = "192.0.2.10"):
    client = Client(REMOTE_ADDR=address)
    return client.post(path, {"username": username, "password": password, "next": "/admin/"})


def fail(path: str, username: str, times: int, address: str = "192.0.2.10") -> list[int]:
    return [sign_in(path, username, "wrong-password", address).status_code for _ in range(times)]


@pytest.mark.parametrize("path", LOGIN_PAGES)
def test_the_right_password_works_before_the_failure_limit(plan_owner, path, settings):
    fail(path, plan_owner.username, settings.AXES_FAILURE_LIMIT - 1)

    assert sign_in(path, plan_owner.username, PASSWORD).status_code == 302


@pytest.mark.parametrize("path", LOGIN_PAGES)
def test_after_the_failure_limit_even_the_right_password_is_refused_with_a_message(
    plan_owner, path, settings
):
    statuses = fail(path, plan_owner.username, settings.AXES_FAILURE_LIMIT)
    answer = sign_in(path, plan_owner.username, PASSWORD)

    # The failure that reaches the limit is already answered with the lockout page.
    assert statuses == [200] * (settings.AXES_FAILURE_LIMIT - 1) + [429]

    assert answer.status_code == 429
    text = answer.content.decode()
    assert "Signing in is locked" in text
    assert "yjtracker" in text and "Django administration" not in text  # the site's own header
    assert f"There have been {settings.AXES_FAILURE_LIMIT} wrong passwords" in text
    assert "locked for 15 minutes" in text


def test_a_locked_username_can_still_sign_in_from_another_address(plan_owner, settings):
    fail("/admin/login/", plan_owner.username, settings.AXES_FAILURE_LIMIT, address="192.0.2.66")

    assert sign_in("/admin/login/", plan_owner.username, PASSWORD).status_code == 302


def test_a_forged_x_forwarded_for_does_not_dodge_the_lockout(plan_owner, settings):
    for n in range(settings.AXES_FAILURE_LIMIT):
        Client(REMOTE_ADDR="192.0.2.10", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}").post(
            "/admin/login/", {"username": plan_owner.username, "password": "wrong"}
        )

    assert sign_in("/admin/login/", plan_owner.username, PASSWORD).status_code == 429


def test_axes_reset_username_unlocks_the_username(plan_owner, settings):
    fail("/admin/login/", plan_owner.username, settings.AXES_FAILURE_LIMIT)
    assert sign_in("/admin/login/", plan_owner.username, PASSWORD).status_code == 429

    call_command("axes_reset_username", plan_owner.username, stdout=StringIO())

    assert sign_in("/admin/login/", plan_owner.username, PASSWORD).status_code == 302


def test_axes_reset_unlocks_everyone(plan_owner, manager, settings):
    for user in (plan_owner, manager):
        fail("/admin/login/", user.username, settings.AXES_FAILURE_LIMIT)

    call_command("axes_reset", stdout=StringIO())

    assert sign_in("/admin/login/", plan_owner.username, PASSWORD).status_code == 302
    assert sign_in("/admin/login/", manager.username, PASSWORD).status_code == 302
