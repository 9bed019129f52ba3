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
    assert small == large <= 10
