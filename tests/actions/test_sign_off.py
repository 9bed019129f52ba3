"""Completing with a closing statement, and the board's decision: sign off or send back."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from actions.choices import ActionStatus
from actions.operations.actions import complete_action, send_back_action, sign_off_action
from events.catalogue import EventType
from events.models import DomainEvent
from tenancy.models import BoardMeeting, BoardMember
from tenancy.rules import NotAllowed
from tests.factories import RecommendationFactory, board_member, make_action

pytestmark = pytest.mark.django_db


@pytest.fixture
def done(service, plan_owner, manager, today):
    action = make_action(
        RecommendationFactory(inspection__service=service),
        reference="1a",
        owner=plan_owner,
        actor=manager,
    )
    return complete_action(
        action=action, actor=plan_owner, closing_statement="  Audit shows 95% on time.  "
    )


def test_completing_records_who_and_the_statement(done, plan_owner, today):
    done.refresh_from_db()
    assert done.completed_by == plan_owner
    assert done.closing_statement == "Audit shows 95% on time."
    assert done.completed_on == today


@pytest.mark.parametrize("statement", ["", "   "])
def test_completing_needs_a_closing_statement(service, plan_owner, manager, statement):
    action = make_action(
        RecommendationFactory(inspection__service=service),
        reference="1b",
        owner=plan_owner,
        actor=manager,
    )
    with pytest.raises(ValidationError) as error:
        complete_action(action=action, actor=manager, closing_statement=statement)
    assert "closing_statement" in error.value.message_dict
    action.refresh_from_db()
    assert action.status != ActionStatus.COMPLETE


# Who may decide: (seat on the board, board lets members sign off, may sign off)
WHO_SIGNS_OFF = [
    ("chair", False, True),
    ("chair", True, True),
    ("member", False, False),
    ("member", True, True),
    (None, True, False),  # a board_member role in the service but no seat
]


@pytest.mark.parametrize("seat, members_may, allowed", WHO_SIGNS_OFF)
def test_who_may_sign_off(done, board, seat, members_may, allowed):
    board.members_may_sign_off = members_may
    board.save()
    person = board_member(board, role=seat or "member", username="person")
    if seat is None:
        BoardMember.objects.filter(user=person).delete()
    assert person.has_perm("actions.sign_off_action", done) is allowed
    if allowed:
        sign_off_action(action=done, actor=person)
    else:
        with pytest.raises(NotAllowed):
            sign_off_action(action=done, actor=person)


def test_the_person_who_completed_it_cannot_sign_it_off(service, board, manager, plan_owner):
    chair_who_owns = board_member(board, role="chair", username="owning-chair")
    action = make_action(
        RecommendationFactory(inspection__service=service),
        reference="2a",
        owner=plan_owner,
        actor=manager,
    )
    complete_action(action=action, actor=manager, closing_statement="Done.")
    # The chair who did not complete it may; had the chair completed it, they may not.
    assert chair_who_owns.has_perm("actions.sign_off_action", action)
    action.refresh_from_db()
    action.completed_by = chair_who_owns
    action.save(update_fields=["completed_by"])
    with pytest.raises(NotAllowed):
        sign_off_action(action=action, actor=chair_who_owns)


def test_a_seat_of_another_services_board_grants_nothing(done, other_service):
    from tenancy.models import Board

    elsewhere = Board.objects.create(service=other_service)
    outsider = board_member(elsewhere, role="chair", username="outsider")
    assert not outsider.has_perm("actions.sign_off_action", done)


def test_sign_off_records_comment_and_meeting(done, board, chair):
    meeting = BoardMeeting.objects.create(board=board, meets_on=date(2026, 11, 20))
    sign_off_action(action=done, actor=chair, comment=" Evidence seen. ", meeting=meeting)
    done.refresh_from_db()
    assert done.signed_off_by == chair
    assert done.sign_off_comment == "Evidence seen."
    assert done.signed_off_meeting == meeting
    event = DomainEvent.objects.get(type=EventType.ACTION_SIGNED_OFF)
    assert event.data["comment"] == "Evidence seen."
    assert event.data["meeting_on"] == "2026-11-20"


def test_a_meeting_of_another_board_is_refused(done, chair, other_service):
    from tenancy.models import Board

    elsewhere = Board.objects.create(service=other_service)
    meeting = BoardMeeting.objects.create(board=elsewhere, meets_on=date(2026, 11, 20))
    with pytest.raises(ValidationError) as error:
        sign_off_action(action=done, actor=chair, meeting=meeting)
    assert "meeting" in error.value.message_dict
    done.refresh_from_db()
    assert not done.is_signed_off


def test_send_back_reopens_with_the_boards_comment(done, chair):
    send_back_action(action=done, actor=chair, comment="Show the audit's figures.")
    done.refresh_from_db()
    assert done.status == ActionStatus.IN_PROGRESS
    assert done.completed_on is None and done.completed_by is None
    assert done.closing_statement == "Audit shows 95% on time."  # kept for the owner to improve
    assert done.rag != "blue"
    sent_back = DomainEvent.objects.get(type=EventType.ACTION_SENT_BACK)
    assert sent_back.actor == chair and sent_back.data == {"comment": "Show the audit's figures."}
    status = DomainEvent.objects.filter(type=EventType.ACTION_STATUS_CHANGED).latest("id")
    assert status.actor == chair and status.data == {"old": "complete", "new": "in_progress"}


@pytest.mark.parametrize("comment", ["", "  ", "x" * 2001])
def test_send_back_needs_a_comment_within_bounds(done, chair, comment):
    with pytest.raises(ValidationError) as error:
        send_back_action(action=done, actor=chair, comment=comment)
    assert "comment" in error.value.message_dict
    done.refresh_from_db()
    assert done.is_complete


def test_an_ordinary_member_cannot_send_back(done, board_user):
    with pytest.raises(NotAllowed):
        send_back_action(action=done, actor=board_user, comment="No.")


def test_a_signed_off_action_cannot_be_sent_back(done, chair):
    sign_off_action(action=done, actor=chair)
    with pytest.raises(ValidationError):
        send_back_action(action=done, actor=chair, comment="Too late.")
