"""Celery adapters of the event outbox, named ``<verb>_<noun>_task``; ids and ISO dates only."""

import logging

from celery import shared_task

from events import dispatch

logger = logging.getLogger(__name__)

RETRYING = {
    "acks_late": True,
    "autoretry_for": dispatch.TRANSIENT_ERRORS,
    "retry_backoff": 5,
    "retry_backoff_max": 600,
    "retry_jitter": True,
    "max_retries": dispatch.MAX_ATTEMPTS,
}


@shared_task(**RETRYING)
def dispatch_event_task(event_id: int) -> str:
    """Run one event's handlers. Twice: the second finds the event done (or claimed) and skips."""
    return dispatch.dispatch_event(event_id)


def enqueue(task, object_id: int) -> None:
    """Queue ``task(object_id)``; never raises: on a broker failure the row stays pending in the
    database and the sweeper queues it later, so a request never fails for the broker."""
    try:
        task.delay(object_id)
    except Exception:  # Any broker failure.
        logger.warning("Could not queue %s(%s); the sweeper will retry", task.name, object_id)


def schedule_dispatch(event_id: int) -> None:
    """Queue the dispatch of one committed event (see ``enqueue``)."""
    enqueue(dispatch_event_task, event_id)
