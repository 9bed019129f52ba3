"""Celery tasks: one-line adapters taking ids and ISO dates, named ``<verb>_<noun>_task``.

Every task is safe to run twice: each docstring says what the second run does.
"""

from datetime import date, datetime

from celery import shared_task
from django.utils import timezone

from notifications import digests, dispatch, emails, scan

RETRYING = {
    "acks_late": True,
    "autoretry_for": dispatch.TRANSIENT_ERRORS,
    "retry_backoff": 5,
    "retry_backoff_max": 600,
    "retry_jitter": True,
    "max_retries": dispatch.MAX_ATTEMPTS,
}


def _as_of(iso: str | None) -> datetime:
    return datetime.fromisoformat(iso) if iso else timezone.now()


@shared_task(**RETRYING)
def dispatch_event_task(event_id: int) -> str:
    """Run one event's handlers. Twice: the second finds the event done (or claimed) and skips."""
    return dispatch.dispatch_event(event_id)


@shared_task(**RETRYING)
def send_notification_task(notification_id: int) -> str:
    """Send one ledger row if it is pending. Twice: the second finds it sent and sends nothing."""
    return emails.send_notification(notification_id)


@shared_task(acks_late=True)
def sweep_events_task(as_of: str | None = None) -> dict[str, int]:
    """Queue events and ledger rows left behind (as of ``as_of``, an ISO datetime, default now).

    Twice: rows queued twice are claimed once, so each event is handled and each email sent once.
    """
    return dispatch.sweep(now=_as_of(as_of))


@shared_task(acks_late=True)
def scan_deadlines_task(today: str | None = None) -> dict[str, int]:
    """Record due-soon/overdue events and write and queue today's reminders and escalations.

    ``today`` is an ISO date, default today in Europe/London. Twice: nothing new is recorded
    or sent the second time (event keys and the ledger are unique).
    """
    on = date.fromisoformat(today) if today else scan.today_in_london()
    return vars(scan.scan_deadlines(today=on))


@shared_task(acks_late=True)
def send_digests_task(as_of: str | None = None) -> dict[str, int]:
    """Write and queue every board digest due as of ``as_of`` (ISO datetime, default now).

    Twice: the second run finds each due digest already in the ledger and queues nothing.
    """
    run = digests.record_due_digests(now=_as_of(as_of))
    return {
        "services": run.services,
        "recorded": run.recorded,
        "quiet": run.quiet,
        "queued": len(run.queued),
    }
