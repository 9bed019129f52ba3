"""Stored RAGs recomputed: one action's after a write, every action's for a new day."""

from datetime import date

from django.db import transaction

from actions.models import Action
from actions.operations.action_events import record_action_event
from actions.rag import RagPolicy
from actions.rollup import refresh_rollups
from events.catalogue import EventType


def refresh_action_rag(*, action: Action, today: date, actor=None) -> bool:
    """Recompute and store the action's RAG, then its recommendation's and inspection's.

    Returns whether the action's own RAG changed.
    """
    new_rag = action.compute_rag(today)
    changed = new_rag != action.rag
    if changed:
        record_action_event(
            EventType.ACTION_RAG_CHANGED, action, actor, old=action.rag, new=new_rag
        )
        action.rag = new_rag
        Action.objects.filter(pk=action.pk).update(rag=new_rag)
    refresh_rollups([action.recommendation_id], today=today, actor=actor)
    return changed


def recalculate_rags(*, today: date, service=None, batch_size: int = 1000) -> int:
    """Recompute every action's RAG for ``today`` in batches, then the roll-ups they touch.

    ``service`` limits the work to one service (after its thresholds change). Returns how many
    actions changed RAG. Running it twice on one day changes nothing the second time.
    """
    actions = Action.objects.all() if service is None else Action.objects.in_service(service)
    changed = 0
    last_id = 0
    while True:
        batch = list(actions.filter(pk__gt=last_id).with_service().order_by("pk")[:batch_size])
        if not batch:
            return changed
        last_id = batch[-1].pk
        changed += _recalculate_batch(batch, today)


@transaction.atomic
def _recalculate_batch(batch: list[Action], today: date) -> int:
    policies: dict[int, RagPolicy] = {}
    moved = []
    for action in batch:
        service = action.service
        policy = policies.setdefault(service.pk, RagPolicy.of(service))
        new_rag = action.compute_rag(today, policy)
        if new_rag != action.rag:
            record_action_event(
                EventType.ACTION_RAG_CHANGED, action, None, old=action.rag, new=new_rag
            )
            action.rag = new_rag
            moved.append(action)
    Action.objects.bulk_update(moved, ["rag"])
    if moved:
        refresh_rollups({action.recommendation_id for action in moved}, today=today)
    return len(moved)
