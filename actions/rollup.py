"""RAG roll-up from actions to recommendations, inspections, services: one set of aggregates.

``rag_counts`` answers, in two queries whatever the data size, the ``RagCounts`` of every group
of recommendations (by recommendation, inspection or service); the ``refresh_*`` functions store
the rolled-up RAG and record a ``rag_changed`` event where it moved.
"""

from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date

from django.db.models import Count, F, Q

from actions.models import Action, overdue_condition
from actions.rag import RagCounts
from events.catalogue import EventType
from events.outbox import record_event
from inspections.choices import RAG
from inspections.models import Inspection, Recommendation


def rag_counts(recommendations, *, by: str, today: date) -> dict:
    """``RagCounts`` per value of ``by`` (a lookup from Recommendation, e.g. ``inspection``).

    ``by`` must not pass through a many-to-many (an action would count once per related row);
    to group by standard, sum per-recommendation counts (see ``actions.api.summary``).
    """
    overdue = Count("id", filter=overdue_condition(today))
    # Each count is named (not spread from a dict) so the type checker knows the row's keys.
    action_rows = (
        Action.objects.filter(recommendation__in=recommendations)
        .values(key=F(f"recommendation__{by}"))
        .annotate(
            red=_count_of(RAG.RED),
            amber=_count_of(RAG.AMBER),
            green=_count_of(RAG.GREEN),
            blue=_count_of(RAG.BLUE),
            overdue=overdue,
        )
        .order_by()
    )
    unplanned_rows = (
        recommendations.filter(actions__isnull=True)
        .values(key=F(by))
        .annotate(unplanned=Count("id", distinct=True))
        .order_by()
    )
    counts: dict = {}
    for row in action_rows:
        counts[row["key"]] = RagCounts(
            red=row["red"],
            amber=row["amber"],
            green=row["green"],
            blue=row["blue"],
            overdue=row["overdue"],
        )
    for row in unplanned_rows:
        counts[row["key"]] = counts.get(row["key"], RagCounts()) + RagCounts(
            unplanned=row["unplanned"]
        )
    return counts


def _count_of(rag: str) -> Count:
    return Count("id", filter=Q(rag=rag))


def _store_rollup(model, objects, counts, event_type, *, actor, today):
    changed = []
    for obj in objects:
        new_rag = counts.get(obj.pk, RagCounts()).rag
        if obj.rag != new_rag:
            record_event(
                event_type,
                subject=obj,
                actor=actor,
                service=_service_of(obj),
                data={"old": obj.rag, "new": new_rag, "on": today.isoformat()},
            )
            obj.rag = new_rag
            changed.append(obj)
    model.objects.bulk_update(changed, ["rag"])
    return changed


def _service_of(obj):
    return obj.service if isinstance(obj, Inspection) else obj.inspection.service


# Recommendation and inspection ids whose roll-ups wait for the end of ``rollups_deferred``.
_deferred: ContextVar[tuple[set, set] | None] = ContextVar("deferred_rollups", default=None)


@contextmanager
def rollups_deferred(*, today: date, actor=None):
    """Within the block, the roll-ups that writes ask for are gathered and refreshed once when
    it ends without an exception: a batch of writes (a plan import) re-rolls each
    recommendation and inspection once, recording only its final change, instead of once per
    action (which, for the inspection, reads all its actions each time). Nested: the outer
    block refreshes."""
    if _deferred.get() is not None:
        yield
        return
    recommendation_ids: set = set()
    inspection_ids: set = set()
    token = _deferred.set((recommendation_ids, inspection_ids))
    try:
        yield
    finally:
        _deferred.reset(token)
    refresh_rollups(recommendation_ids, today=today, actor=actor)
    refresh_inspection_rollups(inspection_ids, today=today, actor=actor)


def refresh_rollups(recommendation_ids, *, today: date, actor=None) -> None:
    """Re-roll the RAG of these recommendations and of their inspections, recording changes
    (at the end of ``rollups_deferred`` when inside one)."""
    deferred = _deferred.get()
    if deferred is not None:
        deferred[0].update(recommendation_ids)
        return
    recommendations = Recommendation.objects.filter(id__in=set(recommendation_ids)).select_related(
        "inspection__service"
    )
    by_recommendation = rag_counts(recommendations, by="id", today=today)
    _store_rollup(
        Recommendation,
        recommendations,
        by_recommendation,
        EventType.RECOMMENDATION_RAG_CHANGED,
        actor=actor,
        today=today,
    )
    inspection_ids = {rec.inspection_id for rec in recommendations}
    refresh_inspection_rollups(inspection_ids, today=today, actor=actor)


def refresh_inspection_rollups(inspection_ids, *, today: date, actor=None) -> None:
    """Re-roll the RAG of these inspections from all their recommendations (at the end of
    ``rollups_deferred`` when inside one)."""
    deferred = _deferred.get()
    if deferred is not None:
        deferred[1].update(inspection_ids)
        return
    inspections = Inspection.objects.filter(id__in=set(inspection_ids)).select_related("service")
    counts = rag_counts(
        Recommendation.objects.filter(inspection__in=inspections), by="inspection", today=today
    )
    _store_rollup(
        Inspection, inspections, counts, EventType.INSPECTION_RAG_CHANGED, actor=actor, today=today
    )
