from datetime import timedelta

import pytest
from django.db import OperationalError, transaction
from django.utils import timezone

from actions.operations.actions import save_action
from delivery.tasks import sweep_task
from events import dispatch
from events import registry as handlers
from events import tasks as event_tasks
from events.catalogue import EventType
from events.claims import SWEEP_AFTER
from events.models import DispatchStatus, DomainEvent
from tenancy.choices import ServiceRole
from tests.factories import member


def sweep(now):
    return sweep_task(now.isoformat())


pytestmark = pytest.mark.django_db


def statuses():
    return set(DomainEvent.objects.values_list("dispatch_status", flat=True))


@pytest.fixture
def counted(monkeypatch):
    """Replace the handlers of ``action.owner_changed`` by one that counts its calls."""
    calls = []
    monkeypatch.setitem(handlers._REGISTRY, EventType.ACTION_OWNER_CHANGED, [calls.append])
    return calls


def reassign(action, actor):
    action.owner = member(action.service, ServiceRole.PLAN_OWNER, username="new_owner")
    return save_action(action=action, actor=actor)


@transaction.atomic
def reassign_then_fail(action, actor):
    reassign(action, actor)
    raise RuntimeError("the request failed after the change")


def owner_changed_event():
    return DomainEvent.objects.get(type=EventType.ACTION_OWNER_CHANGED)


def test_an_event_is_written_with_its_change_and_dispatched_only_on_commit(
    make_action, manager, inline_tasks, django_capture_on_commit_callbacks
):
    action = make_action()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        reassign(action, manager)
    assert owner_changed_event().dispatch_status == DispatchStatus.PENDING
    assert callbacks
    for callback in callbacks:
        callback()
    assert statuses() == {DispatchStatus.DONE}


def test_a_rolled_back_change_leaves_no_event_and_dispatches_nothing(
    make_action, manager, django_capture_on_commit_callbacks
):
    action = make_action()
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(RuntimeError):
        reassign_then_fail(action, manager)
    assert not DomainEvent.objects.filter(type=EventType.ACTION_OWNER_CHANGED).exists()
    assert callbacks == []


def test_two_claims_of_one_event_hand_it_to_one_worker(make_action, manager, counted):
    reassign(make_action(), manager)
    event = owner_changed_event()
    now = timezone.now()
    assert DomainEvent.objects.claim(event.pk, now=now) is True
    assert DomainEvent.objects.claim(event.pk, now=now) is False
    assert dispatch.dispatch_event(event.pk) == "skipped"
    assert counted == []


def test_dispatching_twice_runs_the_handlers_once(make_action, manager, counted):
    reassign(make_action(), manager)
    event = owner_changed_event()
    assert dispatch.dispatch_event(event.pk) == "done"
    assert dispatch.dispatch_event(event.pk) == "skipped"
    assert counted == [event]
    event.refresh_from_db()
    assert (event.dispatch_status, event.attempts) == (DispatchStatus.DONE, 1)
    assert event.processed_at is not None


def test_a_claim_past_its_lease_is_taken_over(make_action, manager, counted):
    reassign(make_action(), manager)
    event = owner_changed_event()
    crashed_at = timezone.now()
    assert DomainEvent.objects.claim(event.pk, now=crashed_at)
    assert dispatch.dispatch_event(event.pk, now=crashed_at) == "skipped"
    later = crashed_at + DomainEvent.lease() + timedelta(seconds=1)
    assert dispatch.dispatch_event(event.pk, now=later) == "done"
    event.refresh_from_db()
    assert event.attempts == 1, "the attempt of the worker that died is not counted"
    assert len(counted) == 1


def test_the_sweeper_recovers_an_event_whose_dispatch_was_lost(
    make_action, manager, inline_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):  # the broker lost every message
        reassign(make_action(), manager)
    assert statuses() == {DispatchStatus.PENDING}
    assert sweep(timezone.now())["events"] == 0  # too recent: dispatch may be queued
    swept = sweep(timezone.now() + SWEEP_AFTER + timedelta(seconds=1))
    assert swept["events"] == DomainEvent.objects.count()
    assert statuses() == {DispatchStatus.DONE}


def test_the_sweeper_takes_over_a_claim_whose_worker_died(make_action, manager, counted):
    reassign(make_action(), manager)
    event = owner_changed_event()
    DomainEvent.objects.claim(event.pk, now=timezone.now())
    later = timezone.now() + DomainEvent.lease() + timedelta(seconds=1)
    assert event.pk in DomainEvent.objects.left_behind(later).values_list("pk", flat=True)
    assert dispatch.dispatch_event(event.pk, now=later) == "done"
    assert len(counted) == 1


def test_a_transient_error_returns_the_event_to_pending_due_after_the_backoff(
    make_action, manager, monkeypatch
):
    def database_busy(event):
        raise OperationalError("database is locked")

    monkeypatch.setitem(handlers._REGISTRY, EventType.ACTION_OWNER_CHANGED, [database_busy])
    reassign(make_action(), manager)
    event = owner_changed_event()
    now = timezone.now()
    assert dispatch.dispatch_event(event.pk, now=now) == "retry"
    event.refresh_from_db()
    assert event.dispatch_status == DispatchStatus.PENDING
    assert "database is locked" in event.last_error
    assert event.next_attempt_at == now + dispatch.RETRY.delay(1)
    assert dispatch.dispatch_event(event.pk, now=now) == "skipped", "not due before the backoff"


def test_a_transient_error_on_the_last_attempt_fails_the_event(make_action, manager, monkeypatch):
    def database_busy(event):
        raise OperationalError("database is locked")

    monkeypatch.setitem(handlers._REGISTRY, EventType.ACTION_OWNER_CHANGED, [database_busy])
    reassign(make_action(), manager)
    event = owner_changed_event()
    DomainEvent.objects.filter(pk=event.pk).update(attempts=dispatch.RETRY.max_attempts - 1)
    assert dispatch.dispatch_event(event.pk) == "failed"
    event.refresh_from_db()
    assert event.dispatch_status == DispatchStatus.FAILED


def test_a_bug_in_a_handler_fails_the_event_without_retrying(make_action, manager, monkeypatch):
    def broken(event):
        raise KeyError("missing")

    monkeypatch.setitem(handlers._REGISTRY, EventType.ACTION_OWNER_CHANGED, [broken])
    reassign(make_action(), manager)
    event = owner_changed_event()
    assert dispatch.dispatch_event(event.pk) == "failed"
    event.refresh_from_db()
    assert event.dispatch_status == DispatchStatus.FAILED
    assert "KeyError" in event.last_error


def test_an_unreachable_broker_never_fails_the_change(make_action, manager, monkeypatch, caplog):
    def broker_down(*args, **kwargs):
        raise ConnectionRefusedError(111, "Connection refused")

    monkeypatch.setattr(event_tasks.dispatch_event_task, "apply_async", broker_down)
    reassign(make_action(), manager)
    event_tasks.schedule_dispatch(owner_changed_event().pk)
    assert "the sweep will retry" in caplog.text
    assert owner_changed_event().dispatch_status == DispatchStatus.PENDING


def test_the_registry_shows_which_handlers_act_on_which_event():
    handler = "notifications.reminder_handlers.move_pending_reminders_to_new_owner"
    assert handler in handlers.registry()[EventType.ACTION_OWNER_CHANGED]


def test_after_one_failed_publish_the_broker_is_left_alone_for_a_while(monkeypatch, caplog):
    attempts = []

    def broker_down(*args, **kwargs):
        attempts.append(args)
        raise ConnectionRefusedError(111, "Connection refused")

    monkeypatch.setattr(event_tasks.dispatch_event_task, "apply_async", broker_down)
    for event_id in (1, 2, 3):
        event_tasks.schedule_dispatch(event_id)

    assert len(attempts) == 1, "a request with three events waits for one timeout, not three"
    assert "Broker down" in caplog.text


def test_a_batch_of_event_ids_dispatched_twice_runs_each_events_handlers_once(
    make_action, manager, monkeypatch
):
    calls = []
    monkeypatch.setitem(handlers._REGISTRY, EventType.ACTION_OWNER_CHANGED, [calls.append])
    for _ in range(3):
        reassign(make_action(), manager)
    ids = list(
        DomainEvent.objects.filter(type=EventType.ACTION_OWNER_CHANGED).values_list("pk", flat=True)
    )
    assert event_tasks.dispatch_events_task(ids) == {"done": 3}
    assert event_tasks.dispatch_events_task(ids) == {"skipped": 3}
    assert sorted(event.pk for event in calls) == sorted(ids)


def test_an_event_of_a_batch_that_fails_transiently_is_queued_alone_for_its_retry(
    make_action, manager, monkeypatch
):
    def busy(event):
        raise OperationalError("database is busy")

    monkeypatch.setitem(handlers._REGISTRY, EventType.ACTION_OWNER_CHANGED, [busy])
    queued = []
    monkeypatch.setattr(
        event_tasks, "enqueue", lambda task, object_id, **_: queued.append((task.name, object_id))
    )
    reassign(make_action(), manager)
    event = owner_changed_event()
    assert event_tasks.dispatch_events_task([event.pk]) == {"retry": 1}
    assert queued == [(event_tasks.dispatch_event_task.name, event.pk)]
