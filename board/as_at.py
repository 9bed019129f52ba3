"""The plan as it stood on a date, replayed from the event log: a pure fold over events.

The rule: the plan *as at* a day is what the event log had recorded by the end of that day
(Europe/London). An event counts when it occurred on or before the day, whatever date it
speaks of: a progress update entered on 5 May and dated 1 May first shows in the pack as at
5 May. The log is append-only, so a pack for a past day comes out the same however the plan
changes afterwards, including renames (the old text is in the log) and deletions (the events
outlive the rows).

``replay`` takes events in the order they were recorded and answers the state at each of a
sorted list of days. No ORM here: ``board.pack`` reads the events and passes them in.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from actions.choices import ActionStatus

# The event types the replay reads (``EventType`` values; see ``APPLY`` below).
ACTION_CREATED = "action.created"
ACTION_CHANGED = "action.changed"
ACTION_OWNER_CHANGED = "action.owner_changed"
ACTION_DEADLINE_REVISED = "action.deadline_revised"
ACTION_STATUS_CHANGED = "action.status_changed"
ACTION_COMPLETED = "action.completed"
ACTION_SIGNED_OFF = "action.signed_off"
ACTION_SENT_BACK = "action.sent_back"
PROGRESS_RECORDED = "progress.recorded"
RECOMMENDATION_ADDED = "recommendation.added"
RECOMMENDATION_CHANGED = "recommendation.changed"
ACTION_DELETED = "action.deleted"
RECOMMENDATION_DELETED = "recommendation.deleted"


@dataclass(frozen=True)
class Event:
    """One row of the event log, as the replay reads it. ``occurred_on``: its London date."""

    type: str
    subject_id: int
    occurred_on: date
    data: dict[str, Any]


@dataclass
class ActionState:
    """One action as the log had it. ``None`` text fields: the log never said (see ``pack``)."""

    id: int
    recommendation_id: int
    reference: str
    created_on: date
    original_due_on: date
    due_on: date
    owner_id: int | None
    status: str
    title: str | None = None
    lead_agency_id: int | None = None
    start_on: date | None = None
    revisions: int = 0
    last_revision_reason: str = ""
    completed_on: date | None = None
    closing_statement: str = ""
    signed_off_on: date | None = None
    last_progress_on: date | None = None
    last_assessed_rag: str = ""
    narrative: str | None = None
    progress_update_id: int | None = None

    @property
    def is_complete(self) -> bool:
        return self.status == ActionStatus.COMPLETE

    @property
    def awaits_sign_off(self) -> bool:
        return self.is_complete and self.signed_off_on is None

    def last_activity_on(self) -> date:
        """As ``Action.last_activity_on``: latest update, else start, else creation."""
        return self.last_progress_on or self.start_on or self.created_on


@dataclass
class RecommendationState:
    """One recommendation as the log had it."""

    id: int
    inspection_id: int
    number: int
    text: str | None = None
    addressee: str | None = None


@dataclass
class PlanState:
    """A service's plan as at a day: its recommendations and actions by id."""

    recommendations: dict[int, RecommendationState] = field(default_factory=dict)
    actions: dict[int, ActionState] = field(default_factory=dict)


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _created(plan: PlanState, event: Event) -> None:
    data = event.data
    due_on = date.fromisoformat(data["due_on"])
    plan.actions[event.subject_id] = ActionState(
        id=event.subject_id,
        recommendation_id=data["recommendation_id"],
        reference=data["reference"],
        created_on=event.occurred_on,
        original_due_on=due_on,
        due_on=due_on,
        owner_id=data.get("owner_id"),
        status=data.get("status", ActionStatus.NOT_STARTED),
        title=data.get("title"),
        lead_agency_id=data.get("lead_agency_id"),
        start_on=_day(data.get("start_on")),
    )


# ``action.changed`` fields the pack shows, and how each value is read.
CHANGED_FIELDS = {
    "reference": lambda v: v,
    "title": lambda v: v,
    "lead_agency_id": lambda v: v,
    "start_on": _day,
}


def _changed(action: ActionState, event: Event) -> None:
    for name, change in event.data.get("changes", {}).items():
        if name in CHANGED_FIELDS:
            setattr(action, name, CHANGED_FIELDS[name](change["new"]))


def _owner_changed(action: ActionState, event: Event) -> None:
    action.owner_id = event.data["new"]


def _deadline_revised(action: ActionState, event: Event) -> None:
    action.due_on = date.fromisoformat(event.data["new"])
    action.revisions += 1
    action.last_revision_reason = event.data.get("reason", "")


def _status_changed(action: ActionState, event: Event) -> None:
    action.status = event.data["new"]
    if not action.is_complete:
        action.completed_on = None
        action.signed_off_on = None


def _completed(action: ActionState, event: Event) -> None:
    action.status = ActionStatus.COMPLETE
    action.completed_on = _day(event.data.get("completed_on")) or event.occurred_on
    action.closing_statement = event.data.get("closing_statement", "")


def _signed_off(action: ActionState, event: Event) -> None:
    action.signed_off_on = event.occurred_on


def _sent_back(action: ActionState, event: Event) -> None:
    action.status = ActionStatus.IN_PROGRESS
    action.completed_on = None
    action.signed_off_on = None


def _progress(action: ActionState, event: Event) -> None:
    # As ``record_progress``: the update dated latest is the latest, the later entry on a tie.
    recorded_on = date.fromisoformat(event.data["recorded_on"])
    if action.last_progress_on is None or recorded_on >= action.last_progress_on:
        action.last_progress_on = recorded_on
        action.last_assessed_rag = event.data.get("assessed_rag", "")
        action.narrative = event.data.get("narrative")
        action.progress_update_id = event.data.get("progress_update_id")


ACTION_APPLY = {
    ACTION_CHANGED: _changed,
    ACTION_OWNER_CHANGED: _owner_changed,
    ACTION_DEADLINE_REVISED: _deadline_revised,
    ACTION_STATUS_CHANGED: _status_changed,
    ACTION_COMPLETED: _completed,
    ACTION_SIGNED_OFF: _signed_off,
    ACTION_SENT_BACK: _sent_back,
    PROGRESS_RECORDED: _progress,
}


def _recommendation_added(plan: PlanState, event: Event) -> None:
    data = event.data
    plan.recommendations[event.subject_id] = RecommendationState(
        id=event.subject_id,
        inspection_id=data["inspection_id"],
        number=data["number"],
        text=data.get("text"),
        addressee=data.get("addressee"),
    )


def _recommendation_changed(plan: PlanState, event: Event) -> None:
    recommendation = plan.recommendations.get(event.subject_id)
    if recommendation is not None:
        new = event.data["new"]
        recommendation.number = new["number"]
        recommendation.text = new["text"]
        recommendation.addressee = new["addressee"]


REPLAYED_TYPES = frozenset(
    {
        ACTION_CREATED,
        ACTION_DELETED,
        RECOMMENDATION_ADDED,
        RECOMMENDATION_CHANGED,
        RECOMMENDATION_DELETED,
        *ACTION_APPLY,
    }
)


def apply(plan: PlanState, event: Event) -> None:
    """Fold one event into ``plan``. Events about an action the log never created are skipped."""
    if event.type == ACTION_CREATED:
        _created(plan, event)
    elif event.type == RECOMMENDATION_ADDED:
        _recommendation_added(plan, event)
    elif event.type == RECOMMENDATION_CHANGED:
        _recommendation_changed(plan, event)
    elif event.type == ACTION_DELETED:
        plan.actions.pop(event.subject_id, None)
    elif event.type == RECOMMENDATION_DELETED:
        plan.recommendations.pop(event.subject_id, None)
    elif event.type in ACTION_APPLY and event.subject_id in plan.actions:
        ACTION_APPLY[event.type](plan.actions[event.subject_id], event)


def replay(events: Iterable[Event], days: list[date]) -> Iterator[tuple[date, PlanState]]:
    """The plan as at each of ``days`` (ascending), from ``events`` in recorded order.

    The state yielded is the one being folded, not a copy (copying 10,000 actions per day
    would cost more than the replay): read what you need from it before asking for the next.
    """
    plan = PlanState()
    pending = iter(days)
    day = next(pending, None)
    for event in events:
        while day is not None and event.occurred_on > day:
            yield day, plan
            day = next(pending, None)
        if day is None:
            return
        apply(plan, event)
    while day is not None:
        yield day, plan
        day = next(pending, None)


def plan_as_at(events: Iterable[Event], day: date) -> PlanState:
    """The plan as at the end of ``day``."""
    return next(replay(events, [day]))[1]
