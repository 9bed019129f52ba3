"""Digest preference links: signed, login-free, limited to the one seat they were sent for."""

import pytest
from django.test import Client

from notifications.digest_links import preferences_token, preferences_url, unsubscribe_url
from tenancy.choices import DigestChoice
from tenancy.models import BoardMember
from tests.factories import BoardFactory, board_member


@pytest.fixture
def seat(board, board_user):
    return BoardMember.objects.get(user=board_user)


@pytest.fixture
def other_seat(other_service):
    user = board_member(BoardFactory(service=other_service), username="other_board")
    return BoardMember.objects.get(user=user)


def path(url):
    return url.removeprefix("http://testserver")


def test_preferences_page_shows_the_current_choice_without_logging_in(client, seat):
    response = client.get(path(preferences_url(seat)))

    assert response.status_code == 200
    assert b'value="board_schedule" checked' in response.content
    assert b"Medway Youth Justice Service" in response.content
    assert b"cannot be switched off" in response.content


def test_each_option_says_when_the_digest_arrives(client, seat):
    content = client.get(path(preferences_url(seat))).content.decode()

    assert "As the board&#x27;s schedule: Weekly (Monday 08:00)" in content
    assert "Monthly (first Monday 08:00)" in content
    assert "7 days before each board meeting, 08:00" in content
    assert "No digests" in content


def test_choosing_a_frequency_saves_it(client, seat):
    response = client.post(path(preferences_url(seat)), {"digest_choice": DigestChoice.MONTHLY})

    seat.refresh_from_db()
    assert seat.digest_choice == DigestChoice.MONTHLY
    assert b"Saved: Monthly." in response.content


def test_an_unknown_frequency_is_refused_and_nothing_changes(client, seat):
    response = client.post(path(preferences_url(seat)), {"digest_choice": "hourly"})

    seat.refresh_from_db()
    assert seat.digest_choice == DigestChoice.BOARD_SCHEDULE
    assert b"Choose one of the options." in response.content


def test_the_frequency_form_needs_its_csrf_token(seat):
    client = Client(enforce_csrf_checks=True)

    response = client.post(path(preferences_url(seat)), {"digest_choice": DigestChoice.MONTHLY})

    assert response.status_code == 403


def test_following_the_unsubscribe_link_asks_before_changing_anything(client, seat):
    response = client.get(path(unsubscribe_url(seat)))

    seat.refresh_from_db()
    assert seat.digest_choice == DigestChoice.BOARD_SCHEDULE
    assert b'<form method="post">' in response.content
    assert b"Unsubscribe from board digests?" in response.content


def test_one_click_unsubscribe_works_as_the_mail_client_sends_it(seat):
    client = Client(enforce_csrf_checks=True)  # a mail provider has no CSRF token

    response = client.post(
        path(unsubscribe_url(seat)),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )

    seat.refresh_from_db()
    assert response.status_code == 200
    assert seat.digest_choice == DigestChoice.UNSUBSCRIBED
    assert b"You are unsubscribed" in response.content


def test_the_chair_is_told_their_escalations_continue(client, board):
    chair = BoardMember.objects.get(user=board_member(board, role="chair", username="chair"))

    response = client.post(path(unsubscribe_url(chair)))

    assert b"As chair of the board you will still receive escalations" in response.content


@pytest.mark.parametrize("view_url", [preferences_url, unsubscribe_url])
def test_a_tampered_link_gets_a_clear_page_and_changes_nothing(client, seat, view_url):
    url = path(view_url(seat))
    token = preferences_token(seat)
    tampered = url.replace(token, token[:-1] + ("A" if token[-1] != "A" else "B"))

    response = client.post(tampered, {"digest_choice": DigestChoice.UNSUBSCRIBED})

    seat.refresh_from_db()
    assert response.status_code == 400
    assert b"This link does not work" in response.content
    assert seat.digest_choice == DigestChoice.BOARD_SCHEDULE


def test_a_link_for_a_removed_seat_is_not_found(client, seat):
    url = path(unsubscribe_url(seat))
    seat.delete()

    response = client.post(url)

    assert response.status_code == 404
    assert b"no longer exists" in response.content


def test_a_link_changes_only_its_own_seat(client, seat, other_seat):
    client.post(path(unsubscribe_url(seat)), {"member": other_seat.pk})

    other_seat.refresh_from_db()
    assert other_seat.digest_choice == DigestChoice.BOARD_SCHEDULE


def test_a_token_cannot_be_moved_to_another_members_seat(client, seat, other_seat):
    from django.core import signing

    from notifications.digest_links import SALT

    forged = signing.dumps({"member": other_seat.pk, "user": other_seat.user_id}, salt=SALT + "x")
    response = client.post(f"/notifications/digests/{forged}/unsubscribe/")

    other_seat.refresh_from_db()
    assert response.status_code == 400
    assert other_seat.digest_choice == DigestChoice.BOARD_SCHEDULE


def test_a_token_names_the_user_as_well_as_the_seat(client, seat, other_seat):
    from django.core import signing

    from notifications.digest_links import SALT

    crossed = signing.dumps({"member": other_seat.pk, "user": seat.user_id}, salt=SALT)
    response = client.post(f"/notifications/digests/{crossed}/unsubscribe/")

    other_seat.refresh_from_db()
    assert response.status_code == 404
    assert other_seat.digest_choice == DigestChoice.BOARD_SCHEDULE
