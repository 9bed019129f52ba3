"""Saving, completing and signing off an action, recording what changed."""

from collections.abc import Iterable
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from actions.choices import ActionStatus
from actions.models import Action
from actions.operations.action_events import action_event, record_action_event
from actions.operations.recalculation import refresh_action_rag, refresh_action_rags
from actions.rollup import refresh_rollups
from core import clock
from core.writes import clean_for_batch, insert_checked, keep_unchanged_fields
from events.catalogue import EventType
from events.outbox import record_events
from tenancy.rules import read_roles, require, service_id_of

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
        _prepare_new(action, actor, today)
    else:
        require(actor, "actions.change_action", previous)
        keep_unchanged_fields(action, previous, fields)
        _keep_derived_fields(action, previous)
        _apply_status(action, previous, today, actor)
    action.full_clean()
    action.save()
    _record_changes(action, previous, actor)
    refresh_action_rag(action=action, today=today, actor=actor)
    return action


# The relations a batch of new actions is given as instances (see ``create_actions``).
GIVEN_RELATIONS = ("recommendation", "owner", "lead_agency")


@transaction.atomic
def create_actions(*, actions: list[Action], actor, today: date | None = None) -> list[Action]:
    """``save_action`` for many new actions at once, in a fixed number of queries whatever their
    number: the same permission, status and ``clean()`` rules, the same ``action.created`` and
    ``action.rag_changed`` events, the RAGs stored and each recommendation re-rolled once.

    Each action's recommendation (with its inspection and service), owner and lead agency are
    given as instances read in this transaction. A broken constraint is raised as its
    ``ValidationError`` (``core.writes.insert_checked``) and nothing is written.
    """
    if not actions:
        return actions
    today = today or clock.today()
    people = {actor, *(action.owner for action in actions)} - {None}
    read_roles(people)
    for action in actions:
        _prepare_new(action, actor, today)
        clean_for_batch(action, given=GIVEN_RELATIONS)
    insert_checked(Action, actions)
    record_events(
        [
            action_event(EventType.ACTION_CREATED, action, actor, **_creation_facts(action))
            for action in actions
        ]
    )
    refresh_action_rags(actions, today=today, actor=actor)
    return actions


def _prepare_new(action: Action, actor, today: date) -> None:
    """The rules of a new action before it is cleaned: who may add it, its first deadline."""
    require(actor, "actions.add_action", action.recommendation)
    action.original_due_on = action.due_on
    _apply_status(action, None, today, actor)


def _keep_derived_fields(action: Action, previous: Action) -> None:
    action.original_due_on = previous.original_due_on
    action.due_on = previous.due_on
    action.due_on_set_on = previous.due_on_set_on
    action.rag = previous.rag
    action.last_progress_on = previous.last_progress_on
    action.last_assessed_rag = previous.last_assessed_rag
    action.completed_by_id = previous.completed_by_id
    action.signed_off_at = previous.signed_off_at
    action.signed_off_by_id = previous.signed_off_by_id
    action.sign_off_comment = previous.sign_off_comment
    action.signed_off_meeting_id = previous.signed_off_meeting_id


def _apply_status(action: Action, previous: Action | None, today: date, actor) -> None:
    if action.status == ActionStatus.COMPLETE:
        action.completed_on = action.completed_on or today
        if action.completed_on > today:
            raise ValidationError({"completed_on": "The completion date cannot be in the future."})
        if previous is None or not previous.is_complete:
            action.completed_by = actor
        return
    if previous is not None and previous.is_signed_off:
        raise ValidationError({"status": "A signed-off action cannot be reopened."})
    action.completed_on = None
    action.completed_by = None


def _creation_facts(action: Action) -> dict:
    """What ``action.created`` records of a new action."""
    return {
        "recommendation_id": action.recommendation_id,
        "reference": action.reference,
        # What a board pack as at a later date shows even after a rename or a deletion.
        "title": action.title,
        "lead_agency_id": action.lead_agency_id,
        "start_on": _json(action.start_on),
        "owner_id": action.owner_id,
        "due_on": action.due_on.isoformat(),
        "status": action.status,
    }


def _record_changes(action: Action, previous: Action | None, actor) -> None:
    if previous is None:
        record_action_event(EventType.ACTION_CREATED, action, actor, **_creation_facts(action))
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
                # The evidence a board pack as at a later date lists beside "awaiting sign-off".
                closing_statement=action.closing_statement,
            )
    changes = {
        field: {"old": _json(getattr(previous, field)), "new": _json(getattr(action, field))}
        for field in DETAIL_FIELDS
        if getattr(previous, field) != getattr(action, field)
    }
    if changes:
        record_action_event(EventType.ACTION_CHANGED, action, actor, changes=changes)


@transaction.atomic
def complete_action(
    *,
    action: Action,
    actor,
    closing_statement: str,
    completed_on: date | None = None,
    today: date | None = None,
) -> Action:
    """Mark the action complete (on ``completed_on``, default today), with the closing statement
    the board signs off on: what was done and its impact.

    Decided on the row as it is now, under its lock: of two requests at once, one completes it
    and the other is told it is already complete (the caller's copy may be stale).
    """
    current = Action.objects.select_for_update().get(pk=action.pk)
    if current.is_complete:
        raise ValidationError({"status": "This action is already complete."})
    action.status = ActionStatus.COMPLETE
    action.completed_on = completed_on
    action.closing_statement = closing_statement.strip()
    return save_action(
        action=action,
        actor=actor,
        today=today,
        fields=["status", "completed_on", "closing_statement"],
    )


def _awaiting_sign_off(action_id: int, actor) -> Action:
    """The action under its lock, refused unless ``actor`` may decide its sign-off now."""
    action = Action.objects.select_for_update().get(pk=action_id)
    require(actor, "actions.sign_off_action", action)
    if not action.is_complete:
        raise ValidationError({"status": "Only a complete action can be signed off."})
    if action.is_signed_off:
        raise ValidationError({"signed_off_at": "This action is already signed off."})
    return action


@transaction.atomic
def sign_off_action(
    *, action: Action, actor, comment: str = "", meeting=None, now: datetime | None = None
) -> Action:
    """The board accepts a completed action: who signed it off, when, with what comment, and
    (optionally) at which of the board's meetings it was agreed."""
    action = _awaiting_sign_off(action.pk, actor)
    if meeting is not None and meeting.board.service_id != service_id_of(action):
        raise ValidationError({"meeting": "Choose a meeting of this service's board."})
    action.signed_off_at = now or clock.now()
    action.signed_off_by = actor
    action.sign_off_comment = _board_comment(comment)
    action.signed_off_meeting = meeting
    action.save(
        update_fields=[
            "signed_off_at",
            "signed_off_by",
            "sign_off_comment",
            "signed_off_meeting",
            "updated_at",
        ]
    )
    record_action_event(
        EventType.ACTION_SIGNED_OFF,
        action,
        actor,
        signed_off_at=action.signed_off_at.isoformat(),
        comment=action.sign_off_comment,
        meeting_on=_json(meeting.meets_on) if meeting is not None else None,
    )
    return action


@transaction.atomic
def send_back_action(*, action: Action, actor, comment: str, today: date | None = None) -> Action:
    """The board does not accept a completed action: it goes back to its owner, in progress,
    with the board's comment saying what is missing. The closing statement stays for the owner
    to improve when they complete it again."""
    action = _awaiting_sign_off(action.pk, actor)
    comment = _board_comment(comment)
    if not comment:
        raise ValidationError({"comment": "Say what the board needs before it can sign off."})
    # Written here rather than through save_action: reopening is the board's decision (the
    # sign-off rule was asked above), not an edit by the action's editors.
    action.status = ActionStatus.IN_PROGRESS
    action.completed_on = None
    action.completed_by = None
    action.save(update_fields=["status", "completed_on", "completed_by", "updated_at"])
    record_action_event(
        EventType.ACTION_STATUS_CHANGED,
        action,
        actor,
        old=ActionStatus.COMPLETE,
        new=action.status,
    )
    record_action_event(EventType.ACTION_SENT_BACK, action, actor, comment=comment)
    refresh_action_rag(action=action, today=today or clock.today(), actor=actor)
    return action


def _board_comment(comment: str) -> str:
    """The board's comment, stripped, within the length its field allows."""
    comment = (comment or "").strip()
    try:
        Action._meta.get_field("sign_off_comment").run_validators(comment)
    except ValidationError as error:
        raise ValidationError({"comment": error.messages}) from error
    return comment


@transaction.atomic
def delete_action(*, action: Action, actor, today: date | None = None) -> None:
    """Delete an action (its progress updates and deadline changes with it), recording what it
    was: the log keeps its history, and a board pack as at a later day leaves it out."""
    action = Action.objects.select_for_update().with_service().get(pk=action.pk)
    require(actor, "actions.delete_action", action)
    record_action_event(
        EventType.ACTION_DELETED,
        action,
        actor,
        recommendation_id=action.recommendation_id,
        reference=action.reference,
        title=action.title,
    )
    recommendation_id = action.recommendation_id
    action.delete()
    refresh_rollups({recommendation_id}, today=today or clock.today(), actor=actor)
