"""Stored RAGs recomputed: one action's after a write, many after a batch of writes, every
action's for a new day. Each computes with ``actions.models.assess_rag_of`` (through
``Action.compute_rag`` where it holds instances) and stores through ``_record_rag_changes``: the
one place a RAG change is written and recorded."""

from datetime import date

from django.db import transaction

from actions.models import RAG_INPUTS, Action, assess_rag_of
from actions.rag import RagPolicy
from actions.rollup import refresh_rollups
from core.writes import update_columns
from events.catalogue import EventType
from events.outbox import new_event, record_events
from tenancy.models import YouthJusticeService

# What the nightly recalculation reads of each action: its id, stored RAG, recommendation,
# service and the service's thresholds (``with_rag_policy``), then ``RAG_INPUTS``.
RECALCULATION_ROW = (
    *("pk", "rag", "recommendation_id", f"{Action.SERVICE_PATH}_id"),
    *("rag_due_soon_days", "rag_stale_after_days", *RAG_INPUTS),
)


def _record_rag_changes(changes, *, actor=None) -> None:
    """Store and record RAG changes, a fixed number of queries for the lot: ``changes`` holds
    ``(action, old RAG, service)``, each action carrying its id and new RAG."""
    record_events(
        [
            new_event(
                EventType.ACTION_RAG_CHANGED,
                subject=action,
                actor=actor,
                service=service,
                data={"old": old, "new": action.rag},
            )
            for action, old, service in changes
        ]
    )
    update_columns(Action, [action for action, _, _ in changes], ["rag"])


def store_rags(actions, *, today: date, actor=None) -> list[Action]:
    """Recompute each action's RAG for ``today``, record ``action.rag_changed`` for those that
    moved and store them. Returns the actions moved."""
    changes = []
    for action in actions:
        new_rag = action.compute_rag(today)
        if new_rag != action.rag:
            changes.append((action, action.rag, action.service))
            action.rag = new_rag
    _record_rag_changes(changes, actor=actor)
    return [action for action, _, _ in changes]


def refresh_action_rag(*, action: Action, today: date, actor=None) -> bool:
    """Recompute and store the action's RAG, then its recommendation's and inspection's.

    Returns whether the action's own RAG changed.
    """
    changed = bool(store_rags([action], today=today, actor=actor))
    refresh_rollups([action.recommendation_id], today=today, actor=actor)
    return changed


def refresh_action_rags(actions, *, today: date, actor=None) -> list[Action]:
    """``refresh_action_rag`` for many actions (a batch of writes): their RAGs stored, then
    each recommendation touched re-rolled once. Returns the actions whose RAG moved."""
    moved = store_rags(actions, today=today, actor=actor)
    refresh_rollups({action.recommendation_id for action in actions}, today=today, actor=actor)
    return moved


def recalculate_rags(*, today: date, service=None, batch_size: int = 5000) -> int:
    """Recompute every action's RAG for ``today`` in batches, then the roll-ups they touch.

    ``service`` limits the work to one service (after its thresholds change). Returns how many
    actions changed RAG. Each batch is read as tuples (``RECALCULATION_ROW``), not instances,
    and only the actions that moved are written. Running it twice on one day changes nothing
    the second time.
    """
    actions = Action.objects.all() if service is None else Action.objects.in_service(service)
    rows = actions.with_rag_policy().order_by("pk").values_list(*RECALCULATION_ROW)
    services: dict[int, YouthJusticeService] = {}
    changed = last_id = 0
    while batch := list(rows.filter(pk__gt=last_id)[:batch_size]):
        last_id = batch[-1][0]
        changed += _recalculate_batch(batch, today, services)
    return changed


def _recalculate_batch(batch: list[tuple], today: date, services: dict) -> int:
    moved = []
    for pk, rag, recommendation_id, service_id, due_soon, stale_after, *inputs in batch:
        policy = RagPolicy(due_soon_days=due_soon, stale_after_days=stale_after)
        new_rag = assess_rag_of(*inputs, today=today, policy=policy).rag
        if new_rag != rag:
            action = Action(pk=pk, rag=new_rag, recommendation_id=recommendation_id)
            moved.append((action, rag, service_id))
    if not moved:
        return 0  # A night with nothing to change in this batch writes nothing.
    missing = {service_id for _, _, service_id in moved} - services.keys()
    services.update(YouthJusticeService.objects.in_bulk(missing))
    changes = [(action, old, services[service_id]) for action, old, service_id in moved]
    with transaction.atomic():
        _record_rag_changes(changes)
        refresh_rollups({action.recommendation_id for action, _, _ in changes}, today=today)
    return len(changes)
