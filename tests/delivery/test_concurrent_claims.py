"""Claims under real concurrency: many threads, each with its own PostgreSQL connection."""

import threading

import pytest
from django.db import connection

from actions.operations.actions import save_action
from events import dispatch
from events import registry as handlers
from events.catalogue import EventType
from events.models import DispatchStatus, DomainEvent
from tenancy.choices import ServiceRole
from tests.delivery.conftest import needs_postgres_and_redis
from tests.factories import ActionFactory, member

pytestmark = [
    pytest.mark.postgres,
    needs_postgres_and_redis,
    pytest.mark.django_db(transaction=True),
]
WORKERS = 8


def race(function, *args) -> list:
    """Run ``function(*args)`` in ``WORKERS`` threads released at once; their results."""
    start, results = threading.Barrier(WORKERS), []

    def contender():
        start.wait()
        try:
            results.append(function(*args))
        finally:
            connection.close()

    threads = [threading.Thread(target=contender) for _ in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_eight_workers_dispatching_one_event_handle_it_once(service, manager, monkeypatch):
    handled = []
    monkeypatch.setitem(handlers._REGISTRY, EventType.ACTION_OWNER_CHANGED, [handled.append])
    action = ActionFactory(recommendation__inspection__service=service)
    action.owner = member(service, ServiceRole.PLAN_OWNER, username="new_owner")
    save_action(action=action, actor=manager)
    event = DomainEvent.objects.get(type=EventType.ACTION_OWNER_CHANGED)
    outcomes = race(dispatch.dispatch_event, event.pk)
    assert sorted(outcomes) == ["done"] + ["skipped"] * (WORKERS - 1)
    assert len(handled) == 1
    event.refresh_from_db()
    assert (event.dispatch_status, event.attempts) == (DispatchStatus.DONE, 1)
