"""Getting each recorded event to its handlers exactly once, even when the broker or a worker fails.

1. ``record_event`` calls ``schedule_dispatch`` on commit; it queues ``dispatch_event_task``. If
   the broker is unreachable it logs and returns: the change is already committed, the event row
   is pending, and the sweeper will queue it later. A request never fails for the broker.
2. ``dispatch_event`` claims the row with one conditional UPDATE (pending, or claimed longer ago
   than ``CLAIM_LEASE``); a worker whose UPDATE matches nothing leaves the event to the one that
   matched. It runs the handlers and marks the row done in one transaction.
3. ``sweep_events`` finds every event still pending after ``SWEEP_AFTER`` and every claim past
   its lease (a worker died); the periodic sweep task queues them again.
"""

import logging
from datetime import datetime, timedelta

from django.db import InterfaceError, OperationalError, transaction
from django.db.models import F, Q
from django.utils import timezone

from events.models import DispatchStatus, DomainEvent
from events.registry import handlers_for

logger = logging.getLogger(__name__)

CLAIM_LEASE = timedelta(minutes=5)
SWEEP_AFTER = timedelta(seconds=60)
SWEEP_BATCH_SIZE = 1000
MAX_ATTEMPTS = 8


class TransientError(Exception):
    """A failure worth retrying later (database busy, SMTP server unreachable)."""


TRANSIENT_ERRORS = (TransientError, OperationalError, InterfaceError)


def claim_event(event_id: int, now: datetime) -> bool:
    """Claim the event for this worker: True if this UPDATE took it, False if it is not ours."""
    claimable = Q(dispatch_status=DispatchStatus.PENDING) | Q(
        dispatch_status=DispatchStatus.CLAIMED, claimed_at__lt=now - CLAIM_LEASE
    )
    return bool(
        DomainEvent.objects.filter(claimable, pk=event_id).update(
            dispatch_status=DispatchStatus.CLAIMED, claimed_at=now, attempts=F("attempts") + 1
        )
    )


def dispatch_event(event_id: int, *, now: datetime | None = None) -> str:
    """Run the event's handlers once. Returns ``done``, ``skipped`` (not ours) or ``failed``.

    A transient error puts the event back to pending (failed after ``MAX_ATTEMPTS``) and is
    re-raised so the task retries with backoff; any other error marks it failed at once.
    """
    if not claim_event(event_id, now or timezone.now()):
        return "skipped"
    event = DomainEvent.objects.get(pk=event_id)
    committed: list[bool] = []
    try:
        with transaction.atomic():
            # Registered first, so it runs before any callback a handler registers.
            transaction.on_commit(lambda: committed.append(True))
            for handler in handlers_for(event.type):
                handler(event)
            _finish(event, DispatchStatus.DONE, processed_at=timezone.now(), last_error="")
    except Exception as error:
        if committed:  # Handled and committed; a handler's own on-commit callback failed.
            logger.exception("A callback after handling %s failed", event)
            return "done"
        return _record_failure(event, error)
    return "done"


def _record_failure(event: DomainEvent, error: Exception) -> str:
    if isinstance(error, TRANSIENT_ERRORS):
        retry = event.attempts < MAX_ATTEMPTS
        _finish(event, DispatchStatus.PENDING if retry else DispatchStatus.FAILED, error=error)
        raise error
    logger.exception("Handling event %s failed", event, exc_info=error)
    _finish(event, DispatchStatus.FAILED, error=error)
    return "failed"


def _finish(event: DomainEvent, status: str, *, error: Exception | None = None, **fields) -> None:
    if error is not None:
        fields["last_error"] = f"{type(error).__name__}: {error}"
    DomainEvent.objects.filter(pk=event.pk).update(dispatch_status=status, **fields)


def events_to_sweep(now: datetime):
    """Events pending since before ``SWEEP_AFTER`` or claimed past their lease, oldest first."""
    left_pending = Q(dispatch_status=DispatchStatus.PENDING, occurred_at__lt=now - SWEEP_AFTER)
    lease_over = Q(dispatch_status=DispatchStatus.CLAIMED, claimed_at__lt=now - CLAIM_LEASE)
    return DomainEvent.objects.filter(left_pending | lease_over).order_by("pk")


def sweep_events(*, now: datetime, limit: int = SWEEP_BATCH_SIZE) -> list[int]:
    """The ids of up to ``limit`` events left behind (pending too long or past their lease)."""
    return list(events_to_sweep(now).values_list("pk", flat=True)[:limit])
