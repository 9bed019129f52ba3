"""Celery tasks: one-line adapters taking ids and ISO dates, named ``<verb>_<noun>_task``.

Every task is safe to run twice: each docstring says what the second run does.
"""

from datetime import date, datetime
from functools import partial

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from core import clock
from events import dispatch
from events.tasks import RETRYING, enqueue, schedule_dispatch
from notifications import digests, emails, scan


def _as_of(iso: str | None) -> datetime:
    return datetime.fromisoformat(iso) if iso else timezone.now()


@shared_task(**RETRYING)
def send_notification_task(notification_id: int) -> str:
    """Send one ledger row if it is pending. Twice: the second finds it sent and sends nothing."""
    return emails.send_notification(notification_id)


@shared_task(acks_late=True)
def sweep_events_task(as_of: str | None = None) -> dict[str, int]:
    """Queue events and ledger rows left behind (as of ``as_of``, an ISO datetime, default now).

    Twice: rows queued twice are claimed once, so each event is handled and each email sent once.
    """
    now = _as_of(as_of)
    event_ids = dispatch.sweep_events(now=now)
    notification_ids = emails.sweep_notifications(now=now)
    for event_id in event_ids:
        schedule_dispatch(event_id)
    for notification_id in notification_ids:
        schedule_send(notification_id)
    return {"events": len(event_ids), "notifications": len(notification_ids)}


@shared_task(acks_late=True)
def scan_deadlines_task(today: str | None = None) -> dict[str, int]:
    """Record due-soon/overdue events and write and queue today's reminders and escalations.

    ``today`` is an ISO date, default today in Europe/London. Twice: nothing new is recorded
    or sent the second time (event keys and the ledger are unique).
    """
    on = date.fromisoformat(today) if today else clock.today()
    return scan_and_queue(today=on).summary()


@shared_task(acks_late=True)
def send_digests_task(as_of: str | None = None) -> dict[str, int]:
    """Write and queue every board digest due as of ``as_of`` (ISO datetime, default now).

    Twice: the second run finds each due digest already in the ledger and queues nothing.
    """
    run = digests.record_due_digests(now=_as_of(as_of))
    queue_on_commit(notification_ids=run.queued)
    return {
        "services": run.services,
        "recorded": run.recorded,
        "quiet": run.quiet,
        "queued": len(run.queued),
    }


def schedule_send(notification_id: int) -> None:
    """Queue the delivery of one ledger row; never raises (the sweeper is the safety net)."""
    enqueue(send_notification_task, notification_id)


def queue_on_commit(*, event_ids=(), notification_ids=()) -> None:
    """Queue the dispatch of ``event_ids`` and the delivery of ``notification_ids`` once the
    current transaction commits (at once outside one)."""
    for event_id in event_ids:
        transaction.on_commit(partial(schedule_dispatch, event_id))
    for notification_id in notification_ids:
        transaction.on_commit(partial(schedule_send, notification_id))


def scan_and_queue(*, today: date) -> scan.ScanResult:
    """The deadline scan for ``today``, its new events and emails queued once committed."""
    result = scan.scan_deadlines(today=today)
    queue_on_commit(event_ids=result.event_ids, notification_ids=result.notification_ids)
    return result
