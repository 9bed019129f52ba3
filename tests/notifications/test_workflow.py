"""Workflow emails: each move that waits on someone else tells them once, through the ledger."""

from datetime import timedelta

import pytest
from django.core import mail

from actions.operations.actions import complete_action, send_back_action
from actions.operations.revisions import (
    approve_deadline_revision,
    reject_deadline_revision,
    request_deadline_revision,
)
from delivery.models import Delivery, DeliveryStatus
from events import registry
from events.catalogue import EventType
from events.models import DomainEvent
from notifications.models import EmailOptOut
from notifications.workflow import WorkflowKind
from notifications.workflow_links import stop_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def act(inline_tasks, django_capture_on_commit_callbacks):
    """``act(operation, **kwargs)``: run an operation and everything its commit sets off
    (event handlers, then the emails they queue), as the worker would."""

    def run(operation, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return operation(**kwargs)

    return run


def sent_to(kind) -> dict[str, mail.EmailMessage]:
    rows = Delivery.objects.emails().filter(kind=kind)
    assert all(row.status == DeliveryStatus.SENT for row in rows)
    return {message.to[0]: message for message in mail.outbox if kind_of(message) == kind}


def kind_of(message) -> str:
    pk = int(message.extra_headers["X-Yjtracker-Delivery"])
    return Delivery.objects.get(pk=pk).kind


def ask_for_more_time(act, make_action, plan_owner, today):
    return act(
        request_deadline_revision,
        action=make_action(days_left=10),
        requested_by=plan_owner,
        due_on=today + timedelta(days=40),
        reason="Partner data late",
    )


def test_a_deadline_request_tells_every_manager(
    act, make_action, plan_owner, manager, second_manager, today
):
    ask_for_more_time(act, make_action, plan_owner, today)

    emails = sent_to(WorkflowKind.DEADLINE_REQUESTED)
    assert set(emails) == {manager.email, second_manager.email}
    message = emails[manager.email]
    assert "Deadline change to decide" in message.subject
    assert "Partner data late" in message.body
    assert "http://testserver/#revision-" in message.body
    assert plan_owner.get_full_name() in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_a_managers_own_request_asks_nobody(act, make_action, manager, today):
    act(
        request_deadline_revision,
        action=make_action(days_left=10),
        requested_by=manager,
        due_on=today + timedelta(days=40),
        reason="Known slip",
    )

    assert not Delivery.objects.emails().filter(kind=WorkflowKind.DEADLINE_REQUESTED).exists()
    # Approved as it was asked, by the same person: nobody to tell of the decision either.
    assert not Delivery.objects.emails().filter(kind=WorkflowKind.DEADLINE_DECIDED).exists()


@pytest.mark.parametrize(
    "decide, word",
    [(approve_deadline_revision, "approved"), (reject_deadline_revision, "rejected")],
)
def test_the_decision_goes_to_who_asked(act, make_action, plan_owner, manager, today, decide, word):
    revision = ask_for_more_time(act, make_action, plan_owner, today)
    mail.outbox.clear()

    act(decide, revision=revision, decided_by=manager)

    emails = sent_to(WorkflowKind.DEADLINE_DECIDED)
    assert list(emails) == [plan_owner.email]
    assert f"Deadline change {word}" in emails[plan_owner.email].subject
    assert f"{manager.get_full_name()} {word} your request" in emails[plan_owner.email].body


def test_completion_asks_the_chair_not_ordinary_members(
    act, make_action, plan_owner, chair, board_user
):
    act(complete_action, action=make_action(), actor=plan_owner, closing_statement="Audit: 95%.")

    emails = sent_to(WorkflowKind.AWAITING_SIGN_OFF)
    assert list(emails) == [chair.email]
    assert "Audit: 95%." in emails[chair.email].body
    assert "Awaiting sign-off" in emails[chair.email].subject
    action = Delivery.objects.get(kind=WorkflowKind.AWAITING_SIGN_OFF).subject_id
    assert f"/board/sign-off/{action}/" in emails[chair.email].body


def test_every_member_is_asked_where_the_board_lets_members_sign_off(
    act, make_action, plan_owner, chair, board_user, board
):
    board.members_may_sign_off = True
    board.save()

    act(complete_action, action=make_action(), actor=plan_owner, closing_statement="Done.")

    assert set(sent_to(WorkflowKind.AWAITING_SIGN_OFF)) == {chair.email, board_user.email}


def test_sent_back_tells_the_owner_what_the_board_needs(
    act, make_action, plan_owner, manager, chair
):
    action = make_action()
    act(complete_action, action=action, actor=manager, closing_statement="Done.")

    act(send_back_action, action=action, actor=chair, comment="Show the audit figures.")

    emails = sent_to(WorkflowKind.SENT_BACK)
    assert list(emails) == [plan_owner.email]
    assert "Show the audit figures." in emails[plan_owner.email].body
    assert f"http://testserver/actions/{action.pk}/" in emails[plan_owner.email].body


def test_handling_an_event_twice_sends_nothing_twice(act, make_action, plan_owner, chair):
    act(complete_action, action=make_action(), actor=plan_owner, closing_statement="Done.")
    event = DomainEvent.objects.get(type=EventType.ACTION_COMPLETED)
    sent = len(mail.outbox)

    # A redispatch, or a retry after the first run's commit: every handler runs again.
    for handler in registry.handlers_for(event.type):
        handler(event)

    assert len(mail.outbox) == sent
    assert Delivery.objects.emails().filter(kind=WorkflowKind.AWAITING_SIGN_OFF).count() == 1


def test_a_person_who_opted_out_is_left_out(act, make_action, plan_owner, chair):
    EmailOptOut.objects.create(user=chair, kind=WorkflowKind.AWAITING_SIGN_OFF)

    act(complete_action, action=make_action(), actor=plan_owner, closing_statement="Done.")

    assert not Delivery.objects.emails().filter(kind=WorkflowKind.AWAITING_SIGN_OFF).exists()


def test_one_click_stops_that_kind_only_and_can_be_undone(client, chair):
    url = f"/notifications/emails/{stop_token(chair.pk, WorkflowKind.AWAITING_SIGN_OFF)}/stop/"

    asked = client.get(url)
    assert asked.status_code == 200 and not EmailOptOut.objects.exists()
    # The mail client's RFC 8058 one-click POST carries no CSRF token.
    client.post(url, {"List-Unsubscribe": "One-Click"})
    assert list(EmailOptOut.objects.values_list("user", "kind")) == [
        (chair.pk, WorkflowKind.AWAITING_SIGN_OFF)
    ]
    client.post(url, {"resume": ""})
    assert not EmailOptOut.objects.exists()


@pytest.mark.parametrize(
    "token, status", [("not-a-token", 400), (stop_token(999999, "sent_back"), 404)]
)
def test_a_bad_stop_link_changes_nothing(client, db, token, status):
    assert client.post(f"/notifications/emails/{token}/stop/").status_code == status
    assert not EmailOptOut.objects.exists()
