"""The sign-off queue: completed actions with their closing evidence; the chair signs off or
sends back with a comment, optionally naming the meeting; others read it."""

import pytest

from actions.choices import ActionStatus
from actions.models import Action
from actions.operations.actions import complete_action
from events.catalogue import EventType
from events.models import DomainEvent
from tests.factories import RecommendationFactory, make_action

pytestmark = pytest.mark.django_db
EVIDENCE = "All 40 staff trained; the March audit found assessments good in 9 of 10 cases."


@pytest.fixture
def completed(today, service, manager, plan_owner):
    recommendation = RecommendationFactory(inspection__service=service, number=3)
    action = make_action(
        recommendation, reference="3a", owner=plan_owner, actor=manager, title="Audit cases"
    )
    return complete_action(action=action, actor=plan_owner, closing_statement=EVIDENCE)


def queue_url(service, action=None):
    return f"/services/{service.pk}/board/sign-off/" + (f"{action.pk}/" if action else "")


def test_the_queue_lists_each_completed_action_with_its_closing_statement(
    completed, client, chair, service
):
    client.force_login(chair)
    text = client.get(queue_url(service)).content.decode()
    assert "3a Audit cases" in text
    assert "All 40 staff trained" in text
    assert 'name="sign_off"' in text and 'name="send_back"' in text


@pytest.mark.parametrize("who", ["board_user", "plan_owner", "manager"])
def test_people_who_may_not_sign_off_read_the_queue_without_its_buttons(
    completed, client, service, request, who
):
    client.force_login(request.getfixturevalue(who))
    response = client.get(queue_url(service))
    assert response.status_code == 200
    assert "3a Audit cases" in response.content.decode()
    assert 'name="sign_off"' not in response.content.decode()


def test_the_chair_signs_off_naming_the_meeting(completed, client, chair, service, board, today):
    meeting = board.meetings.create(meets_on=today)
    client.force_login(chair)
    response = client.post(
        queue_url(service, completed),
        {
            f"a{completed.pk}-comment": "Good evidence.",
            f"a{completed.pk}-meeting": meeting.pk,
            "sign_off": "",
        },
    )
    assert response.status_code == 302
    action = Action.objects.get(pk=completed.pk)
    assert (action.signed_off_by, action.signed_off_meeting, action.sign_off_comment) == (
        chair,
        meeting,
        "Good evidence.",
    )
    text = client.get(queue_url(service)).content.decode()
    assert "3a Audit cases is signed off." in text
    assert "No completed action awaits sign-off." in text


def test_sending_back_needs_a_comment_said_beside_the_field(completed, client, chair, service):
    client.force_login(chair)
    response = client.post(queue_url(service, completed), {"send_back": ""})
    text = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in text
    assert f'id="id_a{completed.pk}-comment-error"' in text
    assert Action.objects.get(pk=completed.pk).status == ActionStatus.COMPLETE


def test_the_chair_sends_back_with_a_comment(completed, client, chair, service):
    client.force_login(chair)
    client.post(
        queue_url(service, completed),
        {f"a{completed.pk}-comment": "Show the audit's sample.", "send_back": ""},
    )
    assert Action.objects.get(pk=completed.pk).status == ActionStatus.IN_PROGRESS
    assert DomainEvent.objects.filter(type=EventType.ACTION_SENT_BACK).exists()


def test_a_board_member_who_may_not_sign_off_is_refused(completed, client, board_user, service):
    client.force_login(board_user)
    response = client.post(queue_url(service, completed), {"sign_off": ""})
    assert response.status_code == 403
    assert Action.objects.get(pk=completed.pk).signed_off_at is None


def test_another_services_queue_and_actions_are_not_found(completed, client, other_owner, service):
    client.force_login(other_owner)
    assert client.get(queue_url(service)).status_code == 404
    assert client.post(queue_url(service, completed), {"sign_off": ""}).status_code == 404


def test_the_board_page_links_to_the_queue(completed, client, chair, service):
    client.force_login(chair)
    text = client.get(f"/services/{service.pk}/board/").content.decode()
    assert "1 completed action awaits the board" in text
    assert queue_url(service) in text
