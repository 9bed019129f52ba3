"""The periodic deadline scan: time-based events, then reminders, in batches of open actions.

For each batch of ``SCAN_BATCH_SIZE`` open actions (by id), in one transaction and a fixed
number of queries: record ``action.became_due_soon`` / ``action.became_overdue`` once per action
per deadline (the event's ``once_key`` is unique), write the reminder ledger rows due today, and
on commit queue the new events' dispatch and the waiting rows' delivery. ``today`` is computed
once per run, in Europe/London.
"""

from dataclasses import dataclass
from datetime import date
from functools import partial
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from actions.models import Action
from notifications.dispatch import schedule_dispatch, schedule_send
from notifications.models import DispatchStatus, DomainEvent
from notifications.reminders import INSERT_BATCH_SIZE, record_reminders
from notifications.schedule import deadline_event_due, deadline_event_key

SCAN_BATCH_SIZE = 1000
# What the events, the reminder rules and the emails read (fewer columns, faster batches).
ACTION_FIELDS = (
    *("reference", "title", "status", "rag", "due_on", "original_due_on", "start_on"),
    *("last_progress_on", "created_at", "owner", "recommendation"),
    *("owner__username", "owner__first_name", "owner__last_name", "owner__is_active"),
    *("recommendation__number", "recommendation__text", "recommendation__inspection"),
    "recommendation__inspection__service",
)
LONDON = ZoneInfo("Europe/London")


def today_in_london() -> date:
    """The date in Europe/London now: deadlines are dates there, whatever the server's zone."""
    return timezone.localdate(timezone=LONDON)


@dataclass
class ScanResult:
    """What one scan did: batches read, events recorded, ledger rows queued for sending."""

    batches: int = 0
    events: int = 0
    notifications: int = 0


def open_actions_after(last_id: int, batch_size: int) -> list[Action]:
    """The next batch of open actions by id, with what events and emails need: one query."""
    return list(
        Action.objects.open()
        .filter(pk__gt=last_id)
        .select_related("owner", "recommendation__inspection__service")
        .only(*ACTION_FIELDS)
        .order_by("pk")[:batch_size]
    )


def deadline_events(actions, today: date) -> list[DomainEvent]:
    """Unsaved due-soon/overdue events for ``actions``, keyed once per action per deadline."""
    events = []
    for action in actions:
        service = action.recommendation.inspection.service
        event_type = deadline_event_due(action.due_on, today, service.rag_due_soon_days)
        if event_type is None:
            continue
        data = {"due_on": action.due_on.isoformat(), "today": today.isoformat()}
        key = deadline_event_key(event_type, action.pk, action.due_on)
        events.append(
            DomainEvent(
                type=event_type,
                subject_type="action",
                subject_id=action.pk,
                service=service,
                data=data,
                once_key=key,
            )
        )
    return events


def record_deadline_events(actions, today: date) -> list[int]:
    """Record the time-based events not yet recorded; return the ids of those never dispatched."""
    events = deadline_events(actions, today)
    DomainEvent.objects.bulk_create(events, ignore_conflicts=True, batch_size=INSERT_BATCH_SIZE)
    return list(
        DomainEvent.objects.filter(
            once_key__in=[event.once_key for event in events],
            dispatch_status=DispatchStatus.PENDING,
            attempts=0,
        ).values_list("pk", flat=True)
    )


@transaction.atomic
def scan_batch(actions, today: date) -> tuple[int, int]:
    """Events and reminders for one batch; dispatch and delivery are queued on commit."""
    event_ids = record_deadline_events(actions, today)
    notification_ids = record_reminders(actions, today)
    for event_id in event_ids:
        transaction.on_commit(partial(schedule_dispatch, event_id))
    for notification_id in notification_ids:
        transaction.on_commit(partial(schedule_send, notification_id))
    return len(event_ids), len(notification_ids)


def scan_deadlines(*, today: date, batch_size: int = SCAN_BATCH_SIZE) -> ScanResult:
    """Scan every open action once for ``today``. Running it twice adds nothing the second time."""
    result, last_id = ScanResult(), 0
    while batch := open_actions_after(last_id, batch_size):
        last_id = batch[-1].pk
        events, notifications = scan_batch(batch, today)
        result.batches += 1
        result.events += events
        result.notifications += notifications
    return result
