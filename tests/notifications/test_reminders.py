from datetime import timedelta

import pytest
from django.core import mail

from actions.choices import ActionStatus
from actions.operations.actions import complete_action, save_action
from actions.operations.progress import record_progress
from actions.operations.revisions import request_deadline_revision
from delivery.models import Delivery, DeliveryStatus
from notifications import reminders, tasks
from notifications.schedule import ReminderKind
from tenancy.choices import ServiceRole
from tenancy.models import ServiceMembership
from tests.factories import member

pytestmark = pytest.mark.django_db


def ledger(action):
    return set(
        Delivery.objects.filter(subject_id=action.pk).values_list(
            "kind", "recipient__username", "status"
        )
    )


def test_the_owner_is_reminded_14_days_before_the_deadline(make_action, today):
    action = make_action(days_left=14)
    tasks.scan_and_queue(today=today)
    assert ledger(action) == {(ReminderKind.REMINDER, "owner", DeliveryStatus.PENDING)}


def test_after_a_week_overdue_the_service_managers_but_not_the_owner_are_escalated_to(
    make_action, manager, second_manager, chair, today
):
    action = make_action(days_left=-7, owner=manager)
    tasks.scan_and_queue(today=today)
    assert {(kind, name) for kind, name, _ in ledger(action)} == {
        (ReminderKind.OVERDUE, "manager"),
        (ReminderKind.ESCALATION_MANAGER, "manager2"),
    }


def test_after_four_weeks_overdue_the_board_chair_is_escalated_to(
    make_action, manager, chair, today
):
    action = make_action(days_left=-28)
    tasks.scan_and_queue(today=today)
    assert {(kind, name) for kind, name, _ in ledger(action)} == {
        (ReminderKind.OVERDUE, "owner"),
        (ReminderKind.ESCALATION_MANAGER, "manager"),
        (ReminderKind.ESCALATION_CHAIR, "chair"),
    }


def test_an_action_in_progress_with_no_update_for_42_days_gets_an_update_request(
    make_action, today
):
    quiet = make_action(status=ActionStatus.IN_PROGRESS, start_on=today - timedelta(days=42))
    recent = make_action(status=ActionStatus.IN_PROGRESS, start_on=today - timedelta(days=41))
    not_started = make_action(status=ActionStatus.NOT_STARTED, start_on=today - timedelta(days=60))
    tasks.scan_and_queue(today=today)
    assert ledger(quiet) == {(ReminderKind.UPDATE_REQUEST, "owner", DeliveryStatus.PENDING)}
    assert ledger(recent) == ledger(not_started) == set()


def test_messages_due_is_empty_for_a_complete_action(make_action, service, today):
    action = make_action(days_left=-30, status=ActionStatus.COMPLETE, completed_on=today)
    assert reminders.messages_due(action, today, reminders.reminder_policy(service)) == []


def test_running_the_scan_twice_sends_each_email_once(
    make_action, manager, chair, today, inline_tasks, django_capture_on_commit_callbacks
):
    for days_left in (14, 3, 0, -1, -7, -28):
        make_action(days_left=days_left)
    with django_capture_on_commit_callbacks(execute=True):
        first = tasks.scan_and_queue(today=today)
    with django_capture_on_commit_callbacks(execute=True):
        second = tasks.scan_and_queue(today=today)
    assert first.notifications == len(mail.outbox) == 9  # 6 owner + 2 manager + 1 chair
    assert second.notifications == 0
    assert set(Delivery.objects.values_list("status", flat=True)) == {DeliveryStatus.SENT}


def test_each_reminder_goes_once_as_the_deadline_approaches(
    make_action, today, inline_tasks, django_capture_on_commit_callbacks
):
    action = make_action(days_left=20)
    for day in range(25):
        with django_capture_on_commit_callbacks(execute=True):
            tasks.scan_and_queue(today=today + timedelta(days=day))
    subjects = [message.subject for message in mail.outbox]
    assert len(subjects) == 4  # 14, 3 and 0 days before; overdue on day 21
    assert subjects[0].startswith(f"Action {action.reference} is due in 14 days")
    assert subjects[3].startswith("Overdue by 1 day:")


def test_reassigning_moves_pending_reminders_to_the_new_owner(
    make_action, manager, plan_owner, today, inline_tasks, django_capture_on_commit_callbacks
):
    action = make_action(days_left=3)
    with django_capture_on_commit_callbacks(execute=False):  # reminder recorded, not yet sent
        tasks.scan_and_queue(today=today)
    newcomer = member(action.service, ServiceRole.PLAN_OWNER, username="newcomer")
    action.owner = newcomer
    with django_capture_on_commit_callbacks(execute=True):
        save_action(action=action, actor=manager)
    assert ledger(action) == {(ReminderKind.REMINDER, "newcomer", DeliveryStatus.SENT)}
    assert [message.to for message in mail.outbox] == [[newcomer.email]]


def test_a_new_owner_is_told_of_what_is_due_even_if_the_old_owner_already_was(
    make_action, manager, today, inline_tasks, django_capture_on_commit_callbacks
):
    action = make_action(days_left=3)
    with django_capture_on_commit_callbacks(execute=True):
        tasks.scan_and_queue(today=today)
        action.owner = member(action.service, ServiceRole.PLAN_OWNER, username="newcomer")
        save_action(action=action, actor=manager)
        tasks.scan_and_queue(today=today)
        tasks.scan_and_queue(today=today)
    assert [message.to for message in mail.outbox] == [
        ["owner@example.org"],
        ["newcomer@example.org"],
    ]


def test_revising_the_deadline_cancels_unsent_reminders_and_rearms_them(
    make_action, manager, today, inline_tasks, django_capture_on_commit_callbacks
):
    action = make_action(days_left=-2)
    with django_capture_on_commit_callbacks(execute=False):
        tasks.scan_and_queue(today=today)
    with django_capture_on_commit_callbacks(execute=True):
        request_deadline_revision(
            action=action, requested_by=manager, due_on=today + timedelta(days=3), reason="Staff"
        )
        tasks.scan_and_queue(today=today)
    assert ledger(action) == {
        (ReminderKind.OVERDUE, "owner", DeliveryStatus.CANCELLED),
        (ReminderKind.REMINDER, "owner", DeliveryStatus.SENT),
    }
    assert "is due in 3 days" in mail.outbox[0].subject


def test_completing_an_action_cancels_its_unsent_reminders(
    make_action, plan_owner, today, inline_tasks, django_capture_on_commit_callbacks
):
    action = make_action(days_left=0)
    with django_capture_on_commit_callbacks(execute=False):
        tasks.scan_and_queue(today=today)
    with django_capture_on_commit_callbacks(execute=True):
        complete_action(action=action, actor=plan_owner, closing_statement="Done.")
        tasks.scan_and_queue(today=today)
    assert ledger(action) == {(ReminderKind.REMINDER, "owner", DeliveryStatus.CANCELLED)}
    assert mail.outbox == []


def test_recording_progress_withdraws_an_unsent_update_request(
    make_action, plan_owner, today, inline_tasks, django_capture_on_commit_callbacks
):
    action = make_action(status=ActionStatus.IN_PROGRESS, start_on=today - timedelta(days=50))
    with django_capture_on_commit_callbacks(execute=False):
        tasks.scan_and_queue(today=today)
    with django_capture_on_commit_callbacks(execute=True):
        record_progress(
            action=action, author=plan_owner, narrative="Audit done", assessed_rag="green"
        )
        tasks.scan_and_queue(today=today)
    assert ledger(action) == {(ReminderKind.UPDATE_REQUEST, "owner", DeliveryStatus.CANCELLED)}


def test_an_owner_removed_from_the_service_gets_no_reminder(make_action, plan_owner, today):
    action = make_action(days_left=3)
    ServiceMembership.objects.filter(user=plan_owner).delete()

    tasks.scan_and_queue(today=today)

    assert not Delivery.objects.filter(subject_id=action.pk, recipient=plan_owner).exists()


def test_a_deadline_confirmed_in_the_past_sends_the_overdue_reminder_not_every_escalation(
    make_action, manager, chair, today
):
    action = make_action(days_left=60)
    request_deadline_revision(
        action=action,
        requested_by=manager,
        due_on=today - timedelta(days=30),
        reason="Recorded late: the work stopped in the summer.",
        confirm_past_deadline=True,
        today=today,
    )

    tasks.scan_and_queue(today=today)

    kinds = set(Delivery.objects.filter(subject_id=action.pk).values_list("kind", flat=True))
    assert kinds == {ReminderKind.OVERDUE}
    tasks.scan_and_queue(today=today + timedelta(days=6))
    kinds = set(Delivery.objects.filter(subject_id=action.pk).values_list("kind", flat=True))
    assert kinds == {ReminderKind.OVERDUE, ReminderKind.ESCALATION_MANAGER}
