from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from actions.choices import ActionStatus
from actions.operations.revisions import request_deadline_revision
from delivery.models import Delivery
from events.catalogue import EventType
from events.models import DomainEvent
from notifications import scan, tasks

pytestmark = pytest.mark.django_db


def events_about(action, event_type):
    return DomainEvent.objects.filter(subject_type="action", subject_id=action.pk, type=event_type)


def test_an_overdue_action_becomes_overdue_once_per_deadline(make_action, today):
    action = make_action(days_left=-1)
    tasks.scan_and_queue(today=today)
    tasks.scan_and_queue(today=today)
    tasks.scan_and_queue(today=today + timedelta(days=1))
    event = events_about(action, EventType.ACTION_BECAME_OVERDUE).get()
    assert event.data == {"due_on": action.due_on.isoformat(), "today": today.isoformat()}
    assert event.service_id == action.recommendation.inspection.service_id


def test_an_action_becomes_due_soon_once_inside_its_services_window(make_action, service, today):
    service.rag_due_soon_days = 10
    service.save()
    soon, later = make_action(days_left=10), make_action(days_left=11)
    tasks.scan_and_queue(today=today)
    tasks.scan_and_queue(today=today)
    assert events_about(soon, EventType.ACTION_BECAME_DUE_SOON).count() == 1
    assert not events_about(later, EventType.ACTION_BECAME_DUE_SOON).exists()


def test_revising_the_deadline_rearms_the_time_based_events(make_action, manager, today):
    action = make_action(days_left=-3)
    tasks.scan_and_queue(today=today)
    request_deadline_revision(
        action=action, requested_by=manager, due_on=today + timedelta(days=5), reason="Recruitment"
    )
    tasks.scan_and_queue(today=today)
    assert events_about(action, EventType.ACTION_BECAME_DUE_SOON).count() == 1
    tasks.scan_and_queue(today=today + timedelta(days=6))
    assert events_about(action, EventType.ACTION_BECAME_OVERDUE).count() == 2


def test_a_complete_action_has_no_events_and_no_reminders(make_action, today):
    make_action(days_left=-10, status=ActionStatus.COMPLETE, completed_on=today)
    make_action(days_left=0, status=ActionStatus.COMPLETE, completed_on=today)
    result = tasks.scan_and_queue(today=today)
    assert (result.events, result.notifications) == (0, 0)
    assert not Delivery.objects.exists()


def test_the_scan_reads_open_actions_in_batches_by_id(make_action, today):
    for _ in range(5):
        make_action(days_left=-1)
    result = scan.scan_deadlines(today=today, batch_size=2)
    assert (result.batches, result.events, result.notifications) == (3, 5, 5)


def queries_for_batch(actions, today):
    with CaptureQueriesContext(connection) as queries:
        scan.scan_batch(actions, today)
    return len(queries)


def test_a_batch_costs_the_same_number_of_queries_whatever_its_size(
    make_action, manager, chair, today
):
    # Every kind of message is due: reminders, overdue, both escalations, update requests. (Kept
    # under SQLite's 999 parameters per INSERT, past which bulk_create splits its rows.)
    for days_left in (14, 3, 0, -1, -7, -28, -40) * 4:
        make_action(days_left=days_left, status=ActionStatus.IN_PROGRESS)
    actions = scan.open_actions_after(0, 1000)
    small = queries_for_batch(actions[:3], today)
    large = queries_for_batch(actions[3:], today)
    # The batch's services, its people (members and chairs) and its owners' names; per kind of
    # row (events, ledger) a look-up of the keys recorded, and an INSERT (COPY on PostgreSQL) in
    # a savepoint, so a key another scan took meanwhile is skipped, not an error.
    assert small == large <= 14


@pytest.fixture
def published(monkeypatch):
    """The messages the code publishes, as (task name, arguments), none sent to a broker."""
    from celery.app.task import Task

    sent: list[tuple[str, tuple]] = []
    monkeypatch.setattr(Task, "apply_async", lambda self, args, **_: sent.append((self.name, args)))
    return sent


def test_a_scan_publishes_one_message_per_batch_of_the_ids_it_recorded(
    make_action, manager, today, published, django_capture_on_commit_callbacks
):
    for days_left in (3, -1, -7) * 3:
        make_action(days_left=days_left, status=ActionStatus.IN_PROGRESS)
    with django_capture_on_commit_callbacks(execute=True):
        result = tasks.scan_and_queue(today=today)
    assert result.events and result.notifications
    by_task: dict[str, list] = {}
    for name, (ids,) in published:
        by_task.setdefault(name.rsplit(".", 1)[-1], []).append(ids)
    assert by_task == {
        "dispatch_events_task": [result.event_ids],
        "send_emails_task": [result.notification_ids],
    }


def test_a_scan_run_again_the_same_day_writes_and_publishes_nothing(
    make_action, manager, today, published, django_capture_on_commit_callbacks
):
    for days_left in (3, -1, -7, -40):
        make_action(days_left=days_left, status=ActionStatus.IN_PROGRESS)
    with django_capture_on_commit_callbacks(execute=True):
        tasks.scan_and_queue(today=today)
    published.clear()
    events, rows = DomainEvent.objects.count(), Delivery.objects.count()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        again = tasks.scan_and_queue(today=today)
    assert again.summary() == {"batches": 1, "events": 0, "notifications": 0}
    assert (DomainEvent.objects.count(), Delivery.objects.count()) == (events, rows)
    assert published == [] and callbacks == []


def test_what_a_scan_recorded_while_the_broker_was_down_is_queued_by_the_sweep_not_the_next_scan(
    make_action, manager, today, published, django_capture_on_commit_callbacks
):
    from datetime import datetime

    from django.utils import timezone

    from delivery.tasks import sweep_task

    make_action(days_left=-1, status=ActionStatus.IN_PROGRESS)
    first = tasks.scan_and_queue(today=today)  # its on-commit publishing never ran: "lost"
    with django_capture_on_commit_callbacks(execute=True):
        tasks.scan_and_queue(today=today)
    assert published == []
    later = timezone.now() + timedelta(minutes=5)
    sweep_task(as_of=datetime.isoformat(later))
    queued = {name.rsplit(".", 1)[-1]: ids for name, (ids,) in published}
    assert queued == {
        "dispatch_events_task": first.event_ids,
        "send_emails_task": first.notification_ids,
    }


def test_a_batch_of_emails_sent_twice_sends_each_email_once(
    make_action, manager, today, mailoutbox
):
    from delivery.tasks import send_emails_task

    for days_left in (3, -1, -7):
        make_action(days_left=days_left, status=ActionStatus.IN_PROGRESS)
    ids = tasks.scan_and_queue(today=today).notification_ids
    assert ids
    send_emails_task(ids)
    send_emails_task(ids)
    assert len(mailoutbox) == len(ids)
    assert set(Delivery.objects.filter(pk__in=ids).values_list("status", flat=True)) == {"sent"}
