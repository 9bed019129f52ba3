"""Progress updates: appended to an action, moving it into progress and recomputing its RAG."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from actions.choices import ActionStatus
from actions.models import Action, ProgressUpdate
from actions.operations.action_events import action_event
from actions.operations.recalculation import refresh_action_rag, refresh_action_rags
from core import clock
from core.writes import clean_for_batch, insert_checked, update_columns
from events.catalogue import EventType
from events.outbox import record_events
from tenancy.rules import read_roles, require

# What recording progress writes on the action (``status`` too when it moves into progress).
ACTION_FIELDS = ["last_progress_on", "last_assessed_rag", "updated_at"]


@transaction.atomic
def record_progress(
    *,
    action: Action,
    author,
    narrative: str,
    assessed_rag: str,
    recorded_at: datetime | None = None,
    contributor_name: str = "",
) -> ProgressUpdate:
    """Append a progress update; a not-started action moves to in progress. RAG is recomputed.

    ``author`` None is the system recording for someone without an account (an update link, whose
    signature is the authority): then ``contributor_name`` must say who wrote it.
    """
    action = Action.objects.select_for_update().with_service().get(pk=action.pk)
    update = _new_update(action, author, narrative, assessed_rag, recorded_at, contributor_name)
    update.full_clean()
    update.save()
    fields, events = _apply_update(action, update)
    action.save(update_fields=fields)
    record_events(events)
    refresh_action_rag(action=action, today=clock.today(), actor=author)
    return update


@transaction.atomic
def record_progress_updates(
    *, progress: list[tuple[Action, str, str]], author, recorded_at: datetime | None = None
) -> list[ProgressUpdate]:
    """``record_progress`` by ``author`` for many actions at once, each ``(action, narrative,
    assessed RAG)``, in a fixed number of queries whatever their number: the same permission and
    ``clean()`` rules, the same events, each action locked, moved into progress and its RAG
    stored, each recommendation re-rolled once. A broken constraint is raised as its
    ``ValidationError`` and nothing is written."""
    if not progress:
        return []
    locked = (
        Action.objects.select_for_update()
        .with_service()
        .in_bulk([action.pk for action, _, _ in progress])
    )
    read_roles([author] if author is not None else [])
    updates = [
        _new_update(locked[action.pk], author, narrative, assessed_rag, recorded_at, "")
        for action, narrative, assessed_rag in progress
    ]
    for update in updates:
        clean_for_batch(update, given=("action", "author"))
    insert_checked(ProgressUpdate, updates)
    events = []
    for update in updates:
        events += _apply_update(update.action, update)[1]
    actions = list({update.action.pk: update.action for update in updates}.values())
    update_columns(Action, actions, [*ACTION_FIELDS, "status"])
    record_events(events)
    refresh_action_rags(actions, today=clock.today(), actor=author)
    return updates


def _new_update(action, author, narrative, assessed_rag, recorded_at, contributor_name):
    """The unsaved update, once ``author`` may record it on ``action`` (locked)."""
    if author is None and not contributor_name.strip():
        raise ValidationError("An update recorded without an author must name its contributor.")
    require(author, "actions.add_progressupdate", action)
    return ProgressUpdate(
        action=action,
        author=author,
        contributor_name=contributor_name.strip(),
        narrative=narrative.strip(),
        assessed_rag=assessed_rag,
        recorded_at=recorded_at or clock.now(),
    )


def _apply_update(action: Action, update: ProgressUpdate) -> tuple[list[str], list]:
    """The saved ``update`` applied to its action (not yet saved): the latest progress, in
    progress if it had not started. Returns the fields to save and the events to record."""
    recorded_on = timezone.localdate(update.recorded_at)
    if action.last_progress_on is None or recorded_on >= action.last_progress_on:
        action.last_progress_on, action.last_assessed_rag = recorded_on, update.assessed_rag
    action.updated_at = timezone.now()
    fields, events = list(ACTION_FIELDS), []
    if action.status == ActionStatus.NOT_STARTED:
        events.append(
            action_event(
                EventType.ACTION_STATUS_CHANGED,
                action,
                update.author,
                old=action.status,
                new=ActionStatus.IN_PROGRESS,
            )
        )
        action.status = ActionStatus.IN_PROGRESS
        fields.append("status")
    contributor = {"contributor_name": update.contributor_name} if update.contributor_name else {}
    events.append(
        action_event(
            EventType.PROGRESS_RECORDED,
            action,
            update.author,
            progress_update_id=update.pk,
            assessed_rag=update.assessed_rag,
            # The board pack as at a date quotes the latest narrative from the event log.
            narrative=update.narrative,
            recorded_on=recorded_on.isoformat(),
            **contributor,
        )
    )
    return fields, events
