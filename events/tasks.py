"""Celery adapters of the event outbox, named ``<verb>_<noun>_task``; ids and ISO dates only."""

import logging
import time
from collections.abc import Iterable
from datetime import datetime

from celery import shared_task
from django.utils import timezone

from events import dispatch
from events.models import DomainEvent

logger = logging.getLogger(__name__)

# Event ids per queued dispatch message: a batch write (a plan import, the deadline scan)
# publishes one message per this many events, not one per event.
DISPATCH_BATCH_SIZE = 500


def _dispatch(event_id: int) -> str:
    outcome = dispatch.dispatch_event(event_id)
    if outcome == "retry":
        due_at = DomainEvent.objects.values_list("next_attempt_at", flat=True).get(pk=event_id)
        enqueue(dispatch_event_task, event_id, at=due_at)
    return outcome


@shared_task(acks_late=True)
def dispatch_event_task(event_id: int) -> str:
    """Run one event's handlers; after a transient failure, queue itself for the retry.

    Twice: the second finds the event done (or claimed) and skips.
    """
    return _dispatch(event_id)


@shared_task(acks_late=True)
def dispatch_events_task(event_ids: list[int]) -> dict[str, int]:
    """Run the handlers of each event in turn, as ``dispatch_event_task`` does one; an event
    that fails transiently is queued alone for its retry. Returns the count of each outcome.

    Twice: each event is claimed once, so the second run skips every event the first handled.
    """
    outcomes: dict[str, int] = {}
    for event_id in event_ids:
        outcome = _dispatch(event_id)
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    return outcomes


# After a publish fails, the broker is left alone for this long (in this process): a request
# that records several events waits for one timeout, not one per event.
BROKER_BACKOFF_SECONDS = 10.0
_broker_down_until = 0.0


def enqueue(task, object_id: int | list[int], *, at: datetime | None = None) -> None:
    """Queue ``task(object_id)`` (an id, or a list of ids for a batch task), to run at ``at``
    if given; never raises: on a broker failure the rows stay pending in the database and the
    sweep queues them later, so a request never fails for the broker."""
    global _broker_down_until
    if time.monotonic() < _broker_down_until:
        logger.warning("Broker down: %s(%s) left for the sweep", task.name, _brief(object_id))
        return
    countdown = max((at - timezone.now()).total_seconds(), 0) if at else None
    try:
        task.apply_async((object_id,), countdown=countdown)
    except Exception:  # Any broker failure.
        _broker_down_until = time.monotonic() + BROKER_BACKOFF_SECONDS
        logger.warning("Could not queue %s(%s); the sweep will retry", task.name, _brief(object_id))


def _brief(object_id: int | list[int]) -> str:
    if isinstance(object_id, list):
        return f"{len(object_id)} ids from {object_id[0]}" if object_id else "no ids"
    return str(object_id)


def in_batches(ids: Iterable[int], size: int) -> list[list[int]]:
    """``ids`` in lists of at most ``size``, in order."""
    ids = list(ids)
    return [ids[start : start + size] for start in range(0, len(ids), size)]


def schedule_dispatch(event_id: int) -> None:
    """Queue the dispatch of one committed event (see ``enqueue``)."""
    enqueue(dispatch_event_task, event_id)


def schedule_dispatches(event_ids: Iterable[int]) -> None:
    """Queue the dispatch of committed events, one message per ``DISPATCH_BATCH_SIZE`` ids."""
    for batch in in_batches(event_ids, DISPATCH_BATCH_SIZE):
        enqueue(dispatch_events_task, batch)
