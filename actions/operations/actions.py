"""Saving, completing and signing off an action, recording what changed."""

from collections.abc import Iterable
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from actions.choices import ActionStatus
from actions.models import Action
from actions.operations.action_events import record_action_event
from actions.operations.recalculation import refresh_action_rag
from core import clock
from core.writes import keep_unchanged_fields
from events.catalogue import EventType
from tenancy.rules import require

# Fields whose changes are reported as a generic "action.changed" event (old and new values).
DETAIL_FIELDS = ("reference", "title", "description", "lead_agency_id", "start_on")


def _json(value):
    return value.isoformat() if isinstance(value, date | datetime) else value


@transaction.atomic
def save_action(
    *, action: Action, actor, today: date | None = None, fields: Iterable[str] | None = None
) -> Action:
    """Create or update an action from its edited fields, recording what changed.

    ``fields`` names the fields the caller changed (a form's changed data, a PATCH's keys): only
    they are written over the row as it is now, read under its lock, so a change another request
    committed meanwhile to any other field is kept, not overwritten with what the caller read
    before. None means every field was edited. The deadline of an existing action moves only
    through a deadline revision; completing sets the completion date (today unless given); a
    signed-off action cannot be reopened.
    """
    today = today or clock.today()
    previous = Action.objects.select_for_update().get(pk=action.pk) if action.pk else None
    if previous is None:
        require(actor, "actions.add_action", action.recommendation)
        action.original_due_on = action.due_on
    else:
        require(actor, "actions.change_action", previous)
        keep_unchanged_fields(action, previous, fields)
        _keep_derived_fields(action, previous)
    _apply_status(action, previous, today)
    action.full_clean()
    action.save()
    _record_changes(action, previous, actor)
    refresh_action_rag(action=action, today=today, actor=actor)
    return action


def _keep_derived_fields(action: Action, previous: Action) -> None:
    action.original_due_on = previous.original_due_on
    action.due_on = previous.due_on
    action.due_on_set_on = previous.due_on_set_on
    action.rag = previous.rag
    action.last_progress_on = previous.last_progress_on
    action.last_assessed_rag = previous.last_assessed_rag
    action.signed_off_at = previous.signed_off_at
    action.signed_off_by_id = previous.signed_off_by_id


def _apply_status(action: Action, previous: Action | None, today: date) -> None:
    if action.status == ActionStatus.COMPLETE:
        action.completed_on = action.completed_on or today
        if action.completed_on > today:
            raise ValidationError({"completed_on": "The completion date cannot be in the future."})
        return
    if previous is not None and previous.is_signed_off:
        raise ValidationError({"status": "A signed-off action cannot be reopened."})
    action.completed_on = None


def _record_changes(action: Action, previous: Action | None, actor) -> None:
    if previous is None:
        record_action_event(
            EventType.ACTION_CREATED,
            action,
            actor,
            recommendation_id=action.recommendation_id,
            reference=action.reference,
            # What a board pack as at a later date shows even after a rename or a deletion.
            title=action.title,
            lead_agency_id=action.lead_agency_id,
            start_on=_json(action.start_on),
            owner_id=action.owner_id,
            due_on=action.due_on.isoformat(),
            status=action.status,
        )
        return
    if previous.owner_id != action.owner_id:
        record_action_event(
            EventType.ACTION_OWNER_CHANGED,
            action,
            actor,
            old=previous.owner_id,
            new=action.owner_id,
        )
    if previous.status != action.status:
        record_action_event(
            EventType.ACTION_STATUS_CHANGED, action, actor, old=previous.status, new=action.status
        )
        if action.status == ActionStatus.COMPLETE:
            record_action_event(
                EventType.ACTION_COMPLETED,
                action,
                actor,
                completed_on=_json(action.completed_on),
            )
    changes = {
        field: {"old": _json(getattr(previous, field)), "new": _json(getattr(action, field))}
        for field in DETAIL_FIELDS
        if getattr(previous, field) != getattr(action, field)
    }
    if changes:
        record_action_event(EventType.ACTION_CHANGED, action, actor, changes=changes)


@transaction.atomic
def complete_action(*, action: Action, actor, completed_on: date | None = None) -> Action:
    """Mark the action complete (on ``completed_on``, default today).

    Decided on the row as it is now, under its lock: of two requests at once, one completes it
    and the other is told it is already complete (the caller's copy may be stale).
    """
    current = Action.objects.select_for_update().get(pk=action.pk)
    if current.is_complete:
        raise ValidationError({"status": "This action is already complete."})
    action.status = ActionStatus.COMPLETE
    action.completed_on = completed_on
    return save_action(action=action, actor=actor, fields=["status", "completed_on"])


@transaction.atomic
def sign_off_action(*, action: Action, actor, now: datetime | None = None) -> Action:
    """The board accepts a completed action: record who signed it off and when."""
    action = Action.objects.select_for_update().get(pk=action.pk)
    require(actor, "actions.sign_off_action", action)
    if not action.is_complete:
        raise ValidationError({"status": "Only a complete action can be signed off."})
    if action.is_signed_off:
        raise ValidationError({"signed_off_at": "This action is already signed off."})
    action.signed_off_at = now or clock.now()
    action.signed_off_by = actor
    action.save(update_fields=["signed_off_at", "signed_off_by", "updated_at"])
    record_action_event(
        EventType.ACTION_SIGNED_OFF, action, actor, signed_off_at=action.signed_off_at.isoformat()
    )
    return action
