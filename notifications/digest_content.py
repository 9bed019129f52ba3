"""What a board digest says: computed once per service, then cut to each member's period.

``ServiceDigest.build`` runs a fixed handful of queries for one service whatever its size
(events since the earliest member's last digest, the actions they name, overdue, awaiting
sign-off, due within the service's due-soon window, the RAG roll-up per open plan). ``for_member(since)`` then keeps
the events after that member's own last digest and returns a JSON-safe context, or ``None``
when there is nothing to say: nothing changed and nothing exceptional.

Exceptions lead: actions that turned red (and are red still: a now-complete or recovered
action is not reported from an old event), overdue actions, deadlines revised (old → new and
why) and completed actions awaiting sign-off. Each section lists at most ``SECTION_LIMIT``
actions, the most urgent first, with the section's full count and a link to the board page for
the rest, so a digest for a large plan stays short and quick to compose; the digest links to
the board pack as at the board's latest meeting too. Then each open improvement plan's RAG counts
(an inspection with an open action or an unplanned recommendation) and the actions due in the
service's due-soon window (its Amber threshold, 30 days by default). Overdue and awaiting sign-off are states, so they alone make a digest worth sending.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, TypedDict

from django.utils import timezone

from actions.models import Action
from actions.rollup import rag_counts
from board.links import board_page_url
from events.catalogue import EventType
from events.models import DomainEvent
from inspections.choices import RAG
from inspections.models import Inspection, Recommendation
from notifications.payloads import admin_change_url
from tenancy.models import BoardMeeting

# Events counted in "since your last digest" (what happened, in the board's words); red RAG
# changes and deadline revisions are listed one by one among the exceptions instead.
CHANGE_LABELS: dict[str, str] = {
    EventType.ACTION_CREATED: "actions added",
    EventType.PROGRESS_RECORDED: "progress updates",
    EventType.ACTION_COMPLETED: "actions completed",
    EventType.ACTION_SIGNED_OFF: "actions signed off",
    EventType.ACTION_OWNER_CHANGED: "actions reassigned",
    EventType.RECOMMENDATION_ADDED: "recommendations added",
    EventType.INSPECTION_PUBLISHED: "inspections published",
}
WATCHED_EVENTS = {*CHANGE_LABELS, EventType.ACTION_RAG_CHANGED, EventType.ACTION_DEADLINE_REVISED}
# At most this many actions per section of a digest; the board page has the rest.
SECTION_LIMIT = 5


class EventRow(TypedDict):
    """The fields of a ``DomainEvent`` a digest reads: one row of ``.values()``."""

    type: str
    occurred_at: datetime
    subject_id: int
    data: dict[str, Any]


def admin_url(obj) -> str:
    """The admin page of ``obj``."""
    return admin_change_url(obj._meta.app_label, obj._meta.model_name, obj.pk)


def day_label(day: date) -> str:
    """A date as boards read it, e.g. "Thu 10 Dec 2026"."""
    return f"{day:%a} {day.day} {day:%b %Y}"


def rag_badge(rag: str) -> dict:
    """A RAG value and its word: blue reads "Complete" (the email template adds the colour)."""
    return {"value": rag, "label": RAG(rag).label}


def action_row(action: Action) -> dict:
    """One action as the digest shows it (JSON-safe)."""
    return {
        "reference": action.reference,
        "title": action.title,
        "plan": str(action.recommendation.inspection),
        "owner": action.owner.get_full_name() or action.owner.get_username(),
        "due_on": day_label(action.due_on),
        "original_due_on": day_label(action.original_due_on),
        "deadline_moved": action.due_on != action.original_due_on,
        "rag": rag_badge(action.rag),
        "url": admin_url(action),
    }


def plan_row(inspection: Inspection, counts) -> dict:
    """One open improvement plan with its RAG counts."""
    return {
        "name": str(inspection),
        "rag": rag_badge(counts.rag),
        "counts": [
            {"rag": rag_badge(rag), "count": getattr(counts, rag)}
            for rag in (RAG.RED, RAG.AMBER, RAG.GREEN, RAG.BLUE, RAG.UNPLANNED)
        ],
        "overdue": counts.overdue,
        "percent_complete": counts.percent_complete,
        "url": admin_url(inspection),
    }


def _actions(service):
    return Action.objects.in_service(service).select_related(
        "owner", "recommendation__inspection__service"
    )


@dataclass
class ServiceDigest:
    """One service's digest material, shared by all its board members in a run."""

    service_name: str
    due_soon_days: int  # the service's window (its Amber threshold)
    board_url: str = ""
    pack_url: str = ""
    pack_on: str = ""
    events: list[EventRow] = field(default_factory=list)
    actions_by_id: dict[int, dict] = field(default_factory=dict)
    overdue: list[dict] = field(default_factory=list)
    awaiting_sign_off: list[dict] = field(default_factory=list)
    plans: list[dict] = field(default_factory=list)
    due_soon: list[dict] = field(default_factory=list)
    # Each section's full count (its list holds at most ``SECTION_LIMIT``).
    totals: dict[str, int] = field(default_factory=dict)

    @classmethod
    def build(cls, service, *, since: datetime, today: date) -> "ServiceDigest":
        """Query everything members whose last digest is at or after ``since`` may need."""
        digest = cls(service_name=service.name, due_soon_days=service.rag_due_soon_days)
        digest.board_url = board_page_url(service)
        pack_on = latest_meeting_on(service, today) or today
        digest.pack_url, digest.pack_on = board_page_url(service, as_at=pack_on), day_label(pack_on)
        digest.events = list(
            DomainEvent.objects.filter(
                service=service, occurred_at__gte=since, type__in=WATCHED_EVENTS
            )
            .order_by("occurred_at", "id")
            .values("type", "occurred_at", "subject_id", "data")
        )
        named = {e["subject_id"] for e in digest.events if e["type"] in _NAMING_EVENTS}
        digest.actions_by_id = {a.pk: action_row(a) for a in _actions(service).filter(pk__in=named)}
        sections = {
            "overdue": _actions(service).overdue(today),
            "awaiting_sign_off": _actions(service).awaiting_sign_off().order_by("completed_on"),
            "due_soon": _actions(service).due_within(today, service.rag_due_soon_days),
        }
        for name, actions in sections.items():
            setattr(digest, name, [action_row(a) for a in actions[:SECTION_LIMIT]])
            digest.totals[name] = actions.count()
        digest.plans = open_plans(service, today)
        return digest

    def for_member(self, since: datetime) -> dict | None:
        """The member's digest context for events after ``since``; ``None`` if quiet."""
        events = [e for e in self.events if e["occurred_at"] >= since]
        turned_red, revisions = self._turned_red(events), self._revisions(events)
        totals = {
            "turned_red": len(turned_red),
            "overdue": self.totals["overdue"],
            "deadlines_revised": len(revisions),
            "awaiting_sign_off": self.totals["awaiting_sign_off"],
        }
        exceptions = {
            "turned_red": turned_red[:SECTION_LIMIT],
            "overdue": self.overdue,
            "deadlines_revised": revisions[:SECTION_LIMIT],
            "awaiting_sign_off": self.awaiting_sign_off,
        }
        changes = _count_changes(events)
        if not changes and not any(totals.values()):
            return None
        return {
            "service": self.service_name,
            "since": day_label(timezone.localdate(since)),
            "exceptions": exceptions,
            "exception_totals": totals,
            "exception_more": {k: totals[k] - len(exceptions[k]) for k in totals},
            "exception_count": sum(totals.values()),
            "changes": changes,
            "plans": self.plans,
            "due_soon": self.due_soon,
            "due_soon_total": self.totals["due_soon"],
            "due_soon_more": self.totals["due_soon"] - len(self.due_soon),
            "due_soon_days": self.due_soon_days,
            "board_url": self.board_url,
            "pack_url": self.pack_url,
            "pack_on": self.pack_on,
        }

    def _turned_red(self, events: list[EventRow]) -> list[dict]:
        """Actions whose RAG moved to red and is red still, once each (an action completed or
        recovered since is not an exception, whatever an older event said)."""
        ids = dict.fromkeys(
            e["subject_id"]
            for e in events
            if e["type"] == EventType.ACTION_RAG_CHANGED and e["data"].get("new") == RAG.RED
        )
        rows = (self.actions_by_id.get(pk) for pk in ids)
        return [row for row in rows if row is not None and row["rag"]["value"] == RAG.RED]

    def _revisions(self, events: list[EventRow]) -> list[dict]:
        """Each approved deadline revision: the action, old and new dates, and the reason."""
        return [
            {
                "action": self.actions_by_id[e["subject_id"]],
                "old": day_label(date.fromisoformat(e["data"]["old"])),
                "new": day_label(date.fromisoformat(e["data"]["new"])),
                "reason": e["data"].get("reason", ""),
                "on": day_label(timezone.localdate(e["occurred_at"])),
            }
            for e in events
            if e["type"] == EventType.ACTION_DEADLINE_REVISED
            and e["subject_id"] in self.actions_by_id
        ]


_NAMING_EVENTS = {EventType.ACTION_RAG_CHANGED, EventType.ACTION_DEADLINE_REVISED}


def _count_changes(events: list[EventRow]) -> list[dict]:
    counts: dict[str, int] = {}
    for event in events:
        label = CHANGE_LABELS.get(event["type"])
        if label:
            counts[label] = counts.get(label, 0) + 1
    return [{"label": label, "count": count} for label, count in counts.items()]


def latest_meeting_on(service, today: date) -> date | None:
    """The day of the board's latest meeting on or before ``today``: its pack is "the latest"."""
    return (
        BoardMeeting.objects.filter(board__service=service, meets_on__lte=today)
        .order_by("-meets_on")
        .values_list("meets_on", flat=True)
        .first()
    )


def open_plans(service, today: date) -> list[dict]:
    """Each inspection of the service with an open action or an unplanned recommendation."""
    counts = rag_counts(
        Recommendation.objects.filter(inspection__service=service), by="inspection", today=today
    )
    open_ids = [pk for pk, c in counts.items() if c.red + c.amber + c.green + c.unplanned > 0]
    inspections = Inspection.objects.filter(pk__in=open_ids).select_related("service")
    return [plan_row(inspection, counts[inspection.pk]) for inspection in inspections]
