"""The periodic deadline scan: time-based events, then reminders, in batches of open actions.

For each batch of ``SCAN_BATCH_SIZE`` open actions (by id), in one transaction and a fixed
number of queries: record ``action.became_due_soon`` / ``action.became_overdue`` once per action
per deadline (the event's ``once_key`` is unique), write the reminder ledger rows due today, and
on commit queue what this run recorded (one message per batch of ids): a scan that finds
nothing new writes and queues nothing. ``today`` is computed
once per run, in Europe/London.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db import transaction

from actions.models import Action
from core.writes import insert_new
from events.models import DispatchStatus, DomainEvent
from notifications.reminders import record_reminders
from notifications.schedule import deadline_event_due, deadline_event_key

SCAN_BATCH_SIZE = 1000
# What the events, the reminder rules and the emails read (fewer columns, faster batches).
ACTION_FIELDS = (
    *("reference", "title", "status", "rag", "due_on", "original_due_on", "start_on"),
    "due_on_set_on",
    *("last_progress_on", "created_at", "owner", "recommendation"),
    *("owner__username", "owner__first_name", "owner__last_name", "owner__is_active"),
    *("recommendation__number", "recommendation__text", "recommendation__inspection"),
    "recommendation__inspection__service",
)


@dataclass
class ScanResult:
    """What one scan did: batches read, and the ids of the events and ledger rows it left to
    dispatch and send (committed when the scan returns)."""

    batches: int = 0
    event_ids: list[int] = field(default_factory=list)
    notification_ids: list[int] = field(default_factory=list)

    @property
    def events(self) -> int:
        return len(self.event_ids)

    @property
    def notifications(self) -> int:
        return len(self.notification_ids)

    def summary(self) -> dict[str, int]:
        return {"batches": self.batches, "events": self.events, "notifications": self.notifications}


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
    """Record the time-based events not yet recorded; return the ids of those this run recorded.

    Keys already recorded are skipped before inserting, so a scan that finds nothing new writes
    nothing and queues nothing; an event recorded earlier but never dispatched (the broker was
    down) is the sweep's to queue.
    """
    events = deadline_events(actions, today)
    keys = [event.once_key for event in events]
    recorded = set(DomainEvent.objects.filter(once_key__in=keys).values_list("once_key", flat=True))
    new = [event for event in events if event.once_key not in recorded]
    if insert_new(DomainEvent, new):
        return [event.pk for event in new]
    # Another scan recorded some of them meanwhile: ours are those still never attempted.
    return list(
        DomainEvent.objects.filter(
            once_key__in=[event.once_key for event in new],
            dispatch_status=DispatchStatus.PENDING,
            attempts=0,
        ).values_list("pk", flat=True)
    )


@transaction.atomic
def scan_batch(actions, today: date) -> tuple[list[int], list[int]]:
    """Events and reminders for one batch: the ids of the new events and of the rows to send."""
    return record_deadline_events(actions, today), record_reminders(actions, today)


def scan_deadlines(*, today: date, batch_size: int = SCAN_BATCH_SIZE) -> ScanResult:
    """Scan every open action once for ``today``. Running it twice adds nothing the second time."""
    result, last_id = ScanResult(), 0
    while batch := open_actions_after(last_id, batch_size):
        last_id = batch[-1].pk
        event_ids, notification_ids = scan_batch(batch, today)
        result.batches += 1
        result.event_ids += event_ids
        result.notification_ids += notification_ids
    return result
