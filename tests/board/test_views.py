"""The board page: who may see it, what it leads with, the day asked for, its query ceiling."""

import pytest

from actions.operations.progress import record_progress
from tests.board.conftest import day
from tests.factories import make_action

pytestmark = pytest.mark.django_db


def page(client, user, service, query=""):
    client.force_login(user)
    return client.get(f"/services/{service.pk}/board/{query}")


@pytest.mark.parametrize("who", ["manager", "board_user", "plan_owner"])
def test_the_service_roles_see_the_board_page(history, client, request, who):
    response = page(client, request.getfixturevalue(who), history.service)
    assert response.status_code == 200
    assert b"view of the plan" in response.content


def test_another_services_board_page_is_not_found(history, client, other_owner):
    assert page(client, other_owner, history.service).status_code == 404


def test_signed_out_people_are_sent_to_sign_in(history, client):
    assert client.get(f"/services/{history.service.pk}/board/").status_code == 302


def test_the_page_leads_with_red_actions_and_why(history, client, manager):
    text = page(client, manager, history.service).content.decode()
    assert text.index("Red actions (1)") < text.index("The whole plan")
    assert "20 days overdue" in text
    assert "originally" in text


def test_the_page_shows_the_plan_as_at_the_day_asked_for(history, client, manager):
    text = page(client, manager, history.service, f"?as_at={day(15)}").content.decode()
    assert f"as at {day(15):%-d %B %Y}" in text
    assert "Action 1a" in text
    assert "Train every case manager" not in text


def test_a_bad_day_is_said_beside_the_field_and_today_is_shown(history, client, manager):
    text = page(client, manager, history.service, "?as_at=tomorrow").content.decode()
    assert "govuk-error-message" in text
    assert "Give the date as YYYY-MM-DD" in text


def test_the_page_links_to_each_download(history, client, manager):
    text = page(client, manager, history.service).content.decode()
    for name in ("pdf", "xlsx", "csv"):
        assert f"/api/v1/services/{history.service.pk}/board-pack/?as_at=" in text
        assert f"format={name}" in text


def test_the_board_page_takes_the_same_number_of_queries_whatever_the_plan_size(
    history, client, manager, django_assert_max_num_queries
):
    client.force_login(manager)
    with django_assert_max_num_queries(18) as small:
        client.get(f"/services/{history.service.pk}/board/")
    for n in range(15):
        action = make_action(history.recs[1], reference=f"9{n}", owner=manager, actor=manager)
        record_progress(action=action, author=manager, narrative="Note", assessed_rag="green")
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(f"/services/{history.service.pk}/board/")


def test_a_board_members_home_links_to_the_board_page_and_queue(history, client, board_user):
    client.force_login(board_user)
    text = client.get("/").content.decode()
    assert f'href="/services/{history.service.pk}/board/"' in text
    assert f'href="/services/{history.service.pk}/board/sign-off/"' in text
