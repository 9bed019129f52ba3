"""What a board pack reads from the database: the event log and the names it refers to.

A fixed number of queries whatever the plan's size: the service's replayed events up to the
pack's day, its meetings, inspections, people, agencies and standards, and (only for events
recorded before their payloads carried the text) the current rows as a fallback.
"""

import heapq
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import TruncDate

from actions.models import Action, ProgressUpdate
from board.as_at import (
    PROGRESS_RECORDED,
    REPLAYED_TYPES,
    Event,
    PlanState,
    RecommendationState,
)
from core.clock import LONDON
from events.models import DomainEvent
from inspections.models import Inspection, Recommendation
from tenancy.models import BoardMeeting, PartnerAgency

StandardLink = Recommendation.standards.through


def end_of(day: date) -> datetime:
    """The first moment after ``day`` in London: events before it happened on or before it."""
    return datetime.combine(day + timedelta(days=1), time(), tzinfo=LONDON)


def read_events(service, *, until: date) -> list[Event]:
    """The service's replayed events recorded by the end of ``until``, in recorded order.

    Progress updates, most of the log, are read as columns rather than as whole JSON payloads,
    and the London date is computed by the database: on 50,000 events that is a third of the
    time of decoding every payload and converting every moment here.
    """
    events = DomainEvent.objects.filter(
        service=service, type__in=REPLAYED_TYPES, occurred_at__lt=end_of(until)
    ).annotate(occurred_on=TruncDate("occurred_at", tzinfo=LONDON))
    others = events.exclude(type=PROGRESS_RECORDED).order_by("id")
    progress = events.filter(type=PROGRESS_RECORDED).order_by("id")
    merged = heapq.merge(
        (
            (pk, Event(kind, subject_id, on, data))
            for pk, kind, subject_id, on, data in others.values_list(
                "id", "type", "subject_id", "occurred_on", "data"
            )
        ),
        (
            (pk, _progress_event(row))
            for pk, *row in progress.values_list(
                "id", "subject_id", "occurred_on", *PROGRESS_KEYS.values()
            )
        ),
        key=lambda pair: pair[0],
    )
    return [event for _, event in merged]


# The progress payload's keys, read as text columns.
PROGRESS_KEYS = {
    key: KeyTextTransform(key, "data")
    for key in ("recorded_on", "assessed_rag", "narrative", "progress_update_id")
}


def _progress_event(row) -> Event:
    subject_id, on, recorded_on, assessed_rag, narrative, update_id = row
    data = {
        "recorded_on": recorded_on,
        "assessed_rag": assessed_rag or "",
        "narrative": narrative,
        "progress_update_id": int(update_id) if update_id else None,
    }
    return Event(PROGRESS_RECORDED, subject_id, on, data)


@dataclass
class Names:
    """The current names a pack quotes beside the replayed state: titles, people, agencies."""

    inspections: dict[int, str] = field(default_factory=dict)
    inspection_order: list[int] = field(default_factory=list)
    people: dict[int, str] = field(default_factory=dict)
    agencies: dict[int, str] = field(default_factory=dict)
    links: list = field(default_factory=list)


def read_names(service, plan: PlanState) -> Names:
    """Inspections, people, agencies and standard links the plan refers to."""
    inspections = list(Inspection.objects.filter(service=service).select_related("service"))
    owner_ids = {a.owner_id for a in plan.actions.values() if a.owner_id is not None}
    users = get_user_model().objects.filter(pk__in=owner_ids)
    return Names(
        inspections={i.pk: str(i) for i in inspections},
        inspection_order=[i.pk for i in inspections],
        people={u.pk: u.get_full_name() or u.get_username() for u in users},
        agencies=dict(PartnerAgency.objects.filter(service=service).values_list("id", "name")),
        links=list(
            StandardLink.objects.filter(recommendation__inspection__service=service)
            .select_related("standard__domain__framework")
            .order_by("id")
        ),
    )


def read_meeting_days(service) -> list[date]:
    """The days the service's board meets (or met), ascending."""
    return list(
        BoardMeeting.objects.filter(board__service=service)
        .order_by("meets_on")
        .values_list("meets_on", flat=True)
    )


def fill_gaps(plan: PlanState, service) -> None:
    """Text the log does not carry (events recorded before their payloads did) from the rows
    as they are now; a recommendation the log never mentions, but whose actions it does, too."""
    _fill_action_titles(plan)
    _fill_narratives(plan)
    wanted = {a.recommendation_id for a in plan.actions.values()}
    missing = {pk for pk in wanted if pk not in plan.recommendations}
    missing |= {pk for pk, r in plan.recommendations.items() if r.text is None}
    if not missing:
        return
    for pk, inspection_id, number, text, addressee in Recommendation.objects.filter(
        pk__in=missing, inspection__service=service
    ).values_list("id", "inspection_id", "number", "text", "addressee"):
        known = plan.recommendations.get(pk)
        if known is None:
            plan.recommendations[pk] = RecommendationState(
                pk, inspection_id, number, text, addressee
            )
        else:
            known.text, known.addressee = text, addressee


def _fill_action_titles(plan: PlanState) -> None:
    untitled = [a for a in plan.actions.values() if a.title is None]
    if untitled:
        titles = dict(
            Action.objects.filter(pk__in=[a.id for a in untitled]).values_list("id", "title")
        )
        for action in untitled:
            action.title = titles.get(action.id, "")


def _fill_narratives(plan: PlanState) -> None:
    unquoted = {
        a.progress_update_id: a
        for a in plan.actions.values()
        if a.narrative is None and a.progress_update_id is not None
    }
    if unquoted:
        narratives = dict(
            ProgressUpdate.objects.filter(pk__in=list(unquoted)).values_list("id", "narrative")
        )
        for update_id, action in unquoted.items():
            action.narrative = narratives.get(update_id, "")
