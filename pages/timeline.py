"""An action's history in plain words, newest first, from its event log (the audit trail).

Names, not usernames or ids; RAG and status words, not codes ("Amber → Red"); dates as
"31 March 2026". Read in three queries: the events with their actors, the progress updates and
the people they name.
"""

from dataclasses import dataclass
from datetime import date, datetime
from itertools import pairwise

from django.contrib.auth import get_user_model

from actions.choices import ActionStatus
from actions.models import Action, ProgressUpdate
from events.catalogue import EventType
from events.models import DomainEvent
from pages.display import person, rag_label

E = EventType


@dataclass(frozen=True)
class Entry:
    """One line of the timeline: what happened, who did it and when, and any text they wrote."""

    occurred_at: datetime
    who: str
    title: str
    text: str = ""


def timeline(action: Action) -> list[Entry]:
    """``action``'s history, newest first."""
    events = list(
        DomainEvent.objects.filter(subject_type="action", subject_id=action.pk)
        .select_related("actor")
        .order_by("-occurred_at", "-id")
    )
    updates = ProgressUpdate.objects.filter(action=action).select_related("author").in_bulk()
    people = _people(events)
    first_rag = _first_rag_on_creation(events)
    entries = [_entry(event, updates, people, event.pk == first_rag) for event in events]
    # A progress update is dated when it was recorded for (it may be backdated), not logged.
    return sorted(entries, key=lambda entry: entry.occurred_at, reverse=True)


def _first_rag_on_creation(events) -> int | None:
    """The id of the RAG change recorded with the action's creation (its first RAG, not a
    change from the default Green), if there is one. ``events`` are newest first."""
    oldest_first = events[::-1]
    for earlier, later in pairwise(oldest_first):
        if earlier.type == E.ACTION_CREATED and later.type == E.ACTION_RAG_CHANGED:
            return later.pk
    return None


def _people(events) -> dict:
    ids = {
        e.data.get(key)
        for e in events
        if e.type == E.ACTION_OWNER_CHANGED
        for key in ("old", "new")
    }
    return get_user_model().objects.in_bulk([i for i in ids if i is not None])


def _entry(event, updates, people, rag_on_creation: bool) -> Entry:
    if rag_on_creation:
        title, text = f"Assessed {rag_label(event.data['new'])} when agreed", ""
    else:
        title, text = _words(event, updates, people)
    update = updates.get(event.data.get("progress_update_id"))
    if event.type == E.PROGRESS_RECORDED and update:
        # A partner contact's update (by an update link) names them; the event has no actor.
        return Entry(update.recorded_at, update.written_by or person(update.author), title, text)
    return Entry(event.occurred_at, person(event.actor), title, text)


def _words(event, updates, people) -> tuple[str, str]:
    data = event.data
    match event.type:
        case E.PROGRESS_RECORDED:
            update = updates.get(data.get("progress_update_id"))
            rag = rag_label(data.get("assessed_rag", ""))
            return f"Progress recorded, assessed {rag}", update.narrative if update else ""
        case E.ACTION_RAG_CHANGED:
            return f"RAG {rag_label(data['old'])} → {rag_label(data['new'])}", ""
        case E.ACTION_STATUS_CHANGED:
            return f"Status {_status(data['old'])} → {_status(data['new'])}", ""
        case E.ACTION_DEADLINE_REVISED:
            moved = f"Deadline moved from {_day(data['old'])} to {_day(data['new'])}"
            return moved, data.get("reason", "")
        case E.ACTION_DEADLINE_REVISION_REQUESTED:
            asked = f"Asked to move the deadline from {_day(data['old'])} to {_day(data['new'])}"
            return asked, data.get("reason", "")
        case E.ACTION_DEADLINE_REVISION_REJECTED:
            return f"Deadline change to {_day(data['requested'])} refused", ""
        case E.ACTION_OWNER_CHANGED:
            old, new = people.get(data.get("old")), people.get(data.get("new"))
            return f"Owner changed from {person(old)} to {person(new)}", ""
        case E.ACTION_CHANGED:
            changed = ", ".join(
                name.removesuffix("_id").replace("_", " ") for name in data.get("changes", {})
            )
            return f"Details changed: {changed}", ""
        case E.ACTION_CREATED:
            return f"Action agreed, due {_day(data['due_on'])}", ""
        case E.ACTION_COMPLETED:
            return "Marked complete", data.get("closing_statement", "")
        case E.ACTION_SIGNED_OFF:
            meeting = data.get("meeting_on")
            at = f" at the meeting of {_day(meeting)}" if meeting else ""
            return f"Signed off by the board{at}", data.get("comment", "")
        case E.ACTION_SENT_BACK:
            return "Sent back by the board", data.get("comment", "")
        case E.ACTION_BECAME_DUE_SOON:
            return "Became due soon", ""
        case E.ACTION_BECAME_OVERDUE:
            return "Became overdue", ""
    return event.get_type_display(), ""


def _status(value: str) -> str:
    return ActionStatus(value).label if value in ActionStatus.values else value


def _day(iso: str) -> str:
    """ "31 March 2026" from an ISO date."""
    day = date.fromisoformat(iso)
    return f"{day.day} {day:%B %Y}"
