"""The one way to record an event.

Events are not Django signals: an operation calls ``record_event`` inside its transaction and
the row commits or rolls back with the change. Dispatch to handlers is scheduled on commit.
"""

from django.db import transaction

from events.models import DomainEvent
from events.tasks import schedule_dispatch


def record_event(event_type, *, subject, actor=None, service=None, data=None, occurred_at=None):
    """Write a ``DomainEvent`` in the current transaction; dispatch it once the transaction commits.

    ``subject`` is the model instance the event is about; ``data`` must be JSON-safe facts.
    """
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
    event.save()
    transaction.on_commit(lambda: schedule_dispatch(event.pk))
    return event
