"""Stored RAGs recomputed: one action's after a write, many after a batch of writes, every
action's for a new day. Each computes with ``Action.compute_rag`` and stores through
``store_rags``: the one place a RAG change is written and recorded."""

from datetime import date

from django.db import transaction

from actions.models import Action
from actions.rag import RagPolicy
from actions.rollup import refresh_rollups
from core.writes import update_columns
from events.catalogue import EventType
from events.outbox import new_event, record_events


def store_rags(actions, *, today: date, actor=None, policies=None) -> list[Action]:
    """Recompute each action's RAG for ``today``, record ``action.rag_changed`` for those that
    moved and store them, a fixed number of queries for the lot. Returns the actions moved.

    ``policies`` (service id to ``RagPolicy``) spares reading each action's service."""
    moved, events = [], []
    for action in actions:
        policy = policies.get(action.service.pk) if policies is not None else None
        new_rag = action.compute_rag(today, policy)
        if new_rag == action.rag:
            continue
        data = {"old": action.rag, "new": new_rag}
        events.append(
            new_event(
                EventType.ACTION_RAG_CHANGED,
                subject=action,
                actor=actor,
                service=action.service,
                data=data,
            )
        )
        action.rag = new_rag
        moved.append(action)
    record_events(events)
    update_columns(Action, moved, ["rag"])
    return moved


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
    policies = {action.service.pk: RagPolicy.of(action.service) for action in batch}
    moved = store_rags(batch, today=today, policies=policies)
    if moved:
        refresh_rollups({action.recommendation_id for action in moved}, today=today)
    return len(moved)
