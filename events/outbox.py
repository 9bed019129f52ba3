"""The one way to record an event.

Events are not Django signals: an operation calls ``record_event`` (or, for a batch of writes,
``record_events``) inside its transaction and the rows commit or roll back with the change.
Dispatch to handlers is scheduled on commit.
"""

from django.db import transaction

from core.writes import INSERT_BATCH_SIZE
from events.models import DomainEvent
from events.tasks import schedule_dispatch, schedule_dispatches


def new_event(event_type, *, subject, actor=None, service=None, data=None, occurred_at=None):
    """The unsaved ``DomainEvent``: ``subject`` is the model instance the event is about;
    ``data`` must be JSON-safe facts. An anonymous actor is recorded as no one."""
    event = DomainEvent(
        type=event_type,
        subject_type=subject._meta.model_name,
        subject_id=subject.pk,
        actor=actor if actor is not None and actor.is_authenticated else None,
        service=service,
        data=data or {},
    )
    if occurred_at is not None:
        event.occurred_at = occurred_at
    return event


def record_event(event_type, *, subject, actor=None, service=None, data=None, occurred_at=None):
    """Write a ``DomainEvent`` in the current transaction; dispatch it once the transaction commits.

    The arguments are ``new_event``'s.
    """
    event = new_event(
        event_type,
        subject=subject,
        actor=actor,
        service=service,
        data=data,
        occurred_at=occurred_at,
    )
    event.save()
    transaction.on_commit(lambda: schedule_dispatch(event.pk))
    return event


def record_events(events: list[DomainEvent]) -> list[DomainEvent]:
    """Write unsaved events (from ``new_event``) in the current transaction, in order, a few
    INSERTs whatever their number; once it commits, queue their dispatch one task per batch of
    ids. What the queue loses the sweep finds, as for ``record_event``."""
    if not events:
        return events
    DomainEvent.objects.bulk_create(events, batch_size=INSERT_BATCH_SIZE)
    event_ids = [event.pk for event in events]
    transaction.on_commit(lambda: schedule_dispatches(event_ids))
    return events
