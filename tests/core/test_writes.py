"""``core.writes.insert_new``: the scan's batch insert (``COPY`` on PostgreSQL, ``bulk_create``
elsewhere) stores each row as Django would and gives back its id."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.writes import insert_new
from delivery.models import Delivery, DeliveryStatus
from events.catalogue import EventType
from events.models import DispatchStatus, DomainEvent
from notifications.schedule import ReminderKind

pytestmark = pytest.mark.django_db


def reminder(plan_owner, service, subject_id: int, **fields) -> Delivery:
    return Delivery(
        kind=ReminderKind.REMINDER,
        recipient=plan_owner,
        service=service,
        subject_type="action",
        subject_id=subject_id,
        period="2026-12-16:before-14",
        context={"title": "Écrire « le plan » — 100%", "days": 14, "nested": {"a": [1, None]}},
        **fields,
    )


def test_new_rows_are_stored_as_the_model_holds_them_and_get_their_ids(plan_owner, service):
    rows = [reminder(plan_owner, service, subject_id) for subject_id in (1, 2, 3)]
    with CaptureQueriesContext(connection) as queries:
        assert insert_new(Delivery, rows) is True
    assert all(row.pk for row in rows) and len({row.pk for row in rows}) == 3
    assert not any(row._state.adding for row in rows)
    stored = Delivery.objects.get(pk=rows[1].pk)
    assert (stored.kind, stored.subject_id, stored.recipient_id, stored.service_id) == (
        "reminder",
        2,
        plan_owner.pk,
        service.pk,
    )
    assert stored.context == rows[1].context
    assert (stored.status, stored.attempts, stored.address, stored.last_error) == (
        DeliveryStatus.PENDING,
        0,
        "",
        "",
    )
    assert stored.created_at == rows[1].created_at and stored.claimed_at is None
    if connection.vendor == "postgresql":  # The rows went in by COPY, after drawing their ids.
        assert not any(query["sql"].startswith("INSERT") for query in queries)
        assert any("nextval" in query["sql"] for query in queries)


def test_events_keep_their_type_data_and_once_key(service):
    event = DomainEvent(
        type=EventType.ACTION_BECAME_OVERDUE,
        subject_type="action",
        subject_id=7,
        service_id=service.pk,
        data={"due_on": "2026-11-30", "today": "2026-12-01"},
        once_key="action.became_overdue:7:2026-11-30",
    )
    assert insert_new(DomainEvent, [event]) is True
    stored = DomainEvent.objects.get(pk=event.pk)
    assert (stored.type, stored.data, stored.once_key) == (
        "action.became_overdue",
        {"due_on": "2026-11-30", "today": "2026-12-01"},
        "action.became_overdue:7:2026-11-30",
    )
    assert stored.dispatch_status == DispatchStatus.PENDING


def test_a_key_recorded_meanwhile_is_skipped_and_the_caller_told_to_look_up_its_rows(
    plan_owner, service
):
    insert_new(Delivery, [reminder(plan_owner, service, 2)])
    rows = [reminder(plan_owner, service, subject_id) for subject_id in (1, 2, 3)]
    assert insert_new(Delivery, rows) is False
    assert sorted(Delivery.objects.values_list("subject_id", flat=True)) == [1, 2, 3]


def test_nothing_to_insert_is_no_query():
    with CaptureQueriesContext(connection) as queries:
        assert insert_new(Delivery, []) is True
    assert len(queries) == 0
