"""Celery tasks: one-line adapters taking ids and ISO dates, named ``<verb>_<noun>_task``.

Every task is safe to run twice: each docstring says what the second run does. Sending is the
delivery pipeline's (``delivery.tasks``).
"""

from datetime import date, datetime
from functools import partial

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from core import clock
from delivery.models import Channel
from delivery.tasks import deliver_on_commit
from events.tasks import schedule_dispatches
from notifications import digests, scan


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
    now = datetime.fromisoformat(as_of) if as_of else timezone.now()
    run = digests.record_due_digests(now=now)
    deliver_on_commit(run.queued, Channel.EMAIL)
    return {
        "services": run.services,
        "recorded": run.recorded,
        "quiet": run.quiet,
        "queued": len(run.queued),
    }


def scan_and_queue(*, today: date) -> scan.ScanResult:
    """The deadline scan for ``today``, the events and emails it recorded queued once committed,
    one message per batch of ids; a scan that recorded nothing queues nothing."""
    result = scan.scan_deadlines(today=today)
    if result.event_ids:
        transaction.on_commit(partial(schedule_dispatches, result.event_ids))
    deliver_on_commit(result.notification_ids, Channel.EMAIL)
    return result
