"""The periodic deadline scan: time-based events, then reminders, in batches of open actions.

For each batch of ``SCAN_BATCH_SIZE`` open actions (by id), in one transaction and a fixed
number of queries: record ``action.became_due_soon`` / ``action.became_overdue`` once per action
per deadline (the event's ``once_key`` is unique), write the reminder ledger rows due today, and
on commit queue what this run recorded (one message per batch of ids): a scan that finds
nothing new writes and queues nothing. ``today`` is computed
once per run, in Europe/London.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import transaction

from actions.models import Action, last_activity_on
from core.writes import insert_new
from events.models import DispatchStatus, DomainEvent
from notifications.reminders import record_reminders
from notifications.schedule import deadline_event_due, deadline_event_key
from tenancy.models import YouthJusticeService

SCAN_BATCH_SIZE = 1000


@dataclass(frozen=True, slots=True)
class OpenAction:
    """One open action as the scan reads it: a row of the columns the deadline events, the
    reminder rules and the emails need, not a model instance (building 85,000 actions with their
    owner, recommendation, inspection and service was a quarter of a scan's time)."""

    pk: int
    reference: str
    title: str
    status: str
    rag: str
    due_on: date
    original_due_on: date | None
    start_on: date | None
    due_on_set_on: date | None
    last_progress_on: date | None
    created_at: datetime
    owner_id: int
    recommendation_number: int
    recommendation_text: str
    service_id: int

    def last_activity_on(self) -> date:
        """The date staleness counts from (``actions.models.last_activity_on``)."""
        return last_activity_on(self.last_progress_on, self.start_on, self.created_at)


# OpenAction's fields, in order, as the action's columns and relations.
OPEN_ACTION_COLUMNS = (
    *("pk", "reference", "title", "status", "rag", "due_on", "original_due_on", "start_on"),
    *("due_on_set_on", "last_progress_on", "created_at", "owner_id"),
    *("recommendation__number", "recommendation__text", "recommendation__inspection__service_id"),
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


def open_actions_after(last_id: int, batch_size: int) -> list[OpenAction]:
    """The next batch of open actions by id, with what events and emails need: one query."""
    rows = (
        Action.objects.open()
        .filter(pk__gt=last_id)
        .order_by("pk")
        .values_list(*OPEN_ACTION_COLUMNS)[:batch_size]
    )
    return [OpenAction(*row) for row in rows]


def services_of(actions) -> dict[int, YouthJusticeService]:
    """The services of a batch of actions, by id, with their settings: one query."""
    ids = {action.service_id for action in actions}
    return YouthJusticeService.objects.in_bulk(ids) if ids else {}


def deadline_events(actions, today: date, services) -> list[DomainEvent]:
    """Unsaved due-soon/overdue events for ``actions``, keyed once per action per deadline."""
    events = []
    for action in actions:
        service = services[action.service_id]
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
                service_id=service.pk,
                data=data,
                once_key=key,
            )
        )
    return events


def record_deadline_events(actions, today: date, services) -> list[int]:
    """Record the time-based events not yet recorded; return the ids of those this run recorded.

    Keys already recorded are skipped before inserting, so a scan that finds nothing new writes
    nothing and queues nothing; an event recorded earlier but never dispatched (the broker was
    down) is the sweep's to queue.
    """
    events = deadline_events(actions, today, services)
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
def scan_batch(actions: list[OpenAction], today: date) -> tuple[list[int], list[int]]:
    """Events and reminders for one batch: the ids of the new events and of the rows to send."""
    services = services_of(actions)
    return (
        record_deadline_events(actions, today, services),
        record_reminders(actions, today, services),
    )


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
