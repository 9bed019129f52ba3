"""Getting each recorded event to its handlers exactly once, even when the broker or a worker fails.

1. ``record_event`` calls ``schedule_dispatch`` on commit; it queues ``dispatch_event_task``. If
   the broker is unreachable it logs and returns: the change is already committed, the event row
   is pending, and the sweep queues it later. A request never fails for the broker.
2. ``dispatch_event`` claims the row (``events.claims``: one conditional UPDATE; a worker whose
   UPDATE matches nothing leaves the event to the one that matched), runs the handlers and marks
   the row done in one transaction.
3. A transient failure (database busy) returns the row to pending, due after ``RETRY``'s wait;
   the task queues itself again for then. The periodic sweep queues rows the queue lost.
"""

import logging
from datetime import datetime

from django.db import InterfaceError, OperationalError, transaction
from django.utils import timezone

from events.claims import RetryPolicy
from events.models import DispatchStatus, DomainEvent
from events.registry import handlers_for

logger = logging.getLogger(__name__)

# Handlers are database work: a transient failure clears in seconds, so retry soon and often.
RETRY = RetryPolicy(base_seconds=5, max_seconds=600, max_attempts=8)
TRANSIENT_ERRORS = (OperationalError, InterfaceError)


def dispatch_event(event_id: int, *, now: datetime | None = None) -> str:
    """Run the event's handlers once. Returns ``done``, ``skipped`` (not ours), ``retry`` (pending
    again after a transient failure) or ``failed``."""
    now = now or timezone.now()
    if not DomainEvent.objects.claim(event_id, now=now):
        return "skipped"
    event = DomainEvent.objects.get(pk=event_id)
    committed: list[bool] = []
    try:
        with transaction.atomic():
            # Registered first, so it runs before any callback a handler registers.
            transaction.on_commit(lambda: committed.append(True))
            for handler in handlers_for(event.type):
                handler(event)
            DomainEvent.objects.settle(
                event.pk, DispatchStatus.DONE, processed_at=timezone.now(), last_error=""
            )
    except Exception as error:
        if committed:  # Handled and committed; a handler's own on-commit callback failed.
            logger.exception("A callback after handling %s failed", event)
            return "done"
        return _record_failure(event, error, now)
    return "done"


def _record_failure(event: DomainEvent, error: Exception, now: datetime) -> str:
    message = f"{type(error).__name__}: {error}"
    attempts = event.attempts + 1  # this one
    if isinstance(error, TRANSIENT_ERRORS) and not RETRY.exhausted(attempts):
        logger.warning("Handling event %s failed (%s); retrying", event, message)
        DomainEvent.objects.retry_later(
            event.pk, attempts=attempts, policy=RETRY, now=now, last_error=message
        )
        return "retry"
    logger.exception("Handling event %s failed", event, exc_info=error)
    DomainEvent.objects.settle(event.pk, DispatchStatus.FAILED, last_error=message)
    return "failed"
