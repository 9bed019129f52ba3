"""Celery adapters of the event outbox, named ``<verb>_<noun>_task``; ids and ISO dates only."""

import logging
import time
from datetime import datetime

from celery import shared_task
from django.utils import timezone

from events import dispatch
from events.models import DomainEvent

logger = logging.getLogger(__name__)


@shared_task(acks_late=True)
def dispatch_event_task(event_id: int) -> str:
    """Run one event's handlers; after a transient failure, queue itself for the retry.

    Twice: the second finds the event done (or claimed) and skips.
    """
    outcome = dispatch.dispatch_event(event_id)
    if outcome == "retry":
        due_at = DomainEvent.objects.values_list("next_attempt_at", flat=True).get(pk=event_id)
        enqueue(dispatch_event_task, event_id, at=due_at)
    return outcome


# After a publish fails, the broker is left alone for this long (in this process): a request
# that records several events waits for one timeout, not one per event.
BROKER_BACKOFF_SECONDS = 10.0
_broker_down_until = 0.0


def enqueue(task, object_id: int, *, at: datetime | None = None) -> None:
    """Queue ``task(object_id)``, to run at ``at`` if given; never raises: on a broker failure
    the row stays pending in the database and the sweep queues it later, so a request never
    fails for the broker."""
    global _broker_down_until
    if time.monotonic() < _broker_down_until:
        logger.warning("Broker down: %s(%s) left for the sweep", task.name, object_id)
        return
    countdown = max((at - timezone.now()).total_seconds(), 0) if at else None
    try:
        task.apply_async((object_id,), countdown=countdown)
    except Exception:  # Any broker failure.
        _broker_down_until = time.monotonic() + BROKER_BACKOFF_SECONDS
        logger.warning("Could not queue %s(%s); the sweep will retry", task.name, object_id)


def schedule_dispatch(event_id: int) -> None:
    """Queue the dispatch of one committed event (see ``enqueue``)."""
    enqueue(dispatch_event_task, event_id)
