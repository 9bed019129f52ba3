"""Every write to an action goes through here: one path per change, each atomic, each recording
its domain events and recomputing the RAG it touches. The admin and the API both call these.
"""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from actions.choices import ActionStatus, RevisionStatus
from actions.models import Action, DeadlineRevision, ProgressUpdate
from actions.rag import RagPolicy
from actions.rollup import refresh_inspection_rollups, refresh_rollups
from core import clock
from events.catalogue import EventType
from events.outbox import record_event
from inspections.models import Recommendation
from tenancy.models import YouthJusticeService
from tenancy.rules import require

# Fields whose changes are reported as a generic "action.changed" event (old and new values).
DETAIL_FIELDS = ("reference", "title", "description", "lead_agency_id", "start_on")


def _event(event_type, action, actor, **data):
    return record_event(event_type, subject=action, actor=actor, service=action.service, data=data)


def _json(value):
    return value.isoformat() if isinstance(value, date | datetime) else value


def refresh_action_rag(*, action: Action, today: date, actor=None) -> bool:
    """Recompute and store the action's RAG, then its recommendation's and inspection's.

    Returns whether the action's own RAG changed.
    """
    new_rag = action.compute_rag(today)
    changed = new_rag != action.rag
    if changed:
        _event(EventType.ACTION_RAG_CHANGED, action, actor, old=action.rag, new=new_rag)
        action.rag = new_rag
        Action.objects.filter(pk=action.pk).update(rag=new_rag)
    refresh_rollups([action.recommendation_id], today=today, actor=actor)
    return changed


@transaction.atomic
def save_action(*, action: Action, actor, today: date | None = None) -> Action:
    """Create or update an action from its edited fields, recording what changed.

    The deadline of an existing action moves only through a deadline revision; completing sets
    the completion date (today unless given); a signed-off action cannot be reopened.
    """
    today = today or clock.today()
    previous = Action.objects.select_for_update().get(pk=action.pk) if action.pk else None
    if previous is None:
        require(actor, "actions.add_action", action.recommendation)
        action.original_due_on = action.due_on
    else:
        require(actor, "actions.change_action", previous)
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
        _event(
            EventType.ACTION_CREATED,
            action,
            actor,
            recommendation_id=action.recommendation_id,
            reference=action.reference,
            owner_id=action.owner_id,
            due_on=action.due_on.isoformat(),
            status=action.status,
        )
        return
    if previous.owner_id != action.owner_id:
        _event(
            EventType.ACTION_OWNER_CHANGED,
            action,
            actor,
            old=previous.owner_id,
            new=action.owner_id,
        )
    if previous.status != action.status:
        _event(
            EventType.ACTION_STATUS_CHANGED, action, actor, old=previous.status, new=action.status
        )
        if action.status == ActionStatus.COMPLETE:
            _event(
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
        _event(EventType.ACTION_CHANGED, action, actor, changes=changes)


def complete_action(*, action: Action, actor, completed_on: date | None = None) -> Action:
    """Mark the action complete (on ``completed_on``, default today)."""
    if action.is_complete:
        raise ValidationError({"status": "This action is already complete."})
    action.status = ActionStatus.COMPLETE
    action.completed_on = completed_on
    return save_action(action=action, actor=actor)


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
    _event(
        EventType.ACTION_SIGNED_OFF, action, actor, signed_off_at=action.signed_off_at.isoformat()
    )
    return action


@transaction.atomic
def record_progress(
    *,
    action: Action,
    author,
    narrative: str,
    assessed_rag: str,
    recorded_at: datetime | None = None,
) -> ProgressUpdate:
    """Append a progress update; a not-started action moves to in progress. RAG is recomputed."""
    action = Action.objects.select_for_update().with_service().get(pk=action.pk)
    require(author, "actions.add_progressupdate", action)
    update = ProgressUpdate(
        action=action,
        author=author,
        narrative=narrative.strip(),
        assessed_rag=assessed_rag,
        recorded_at=recorded_at or clock.now(),
    )
    update.full_clean()
    update.save()
    recorded_on = timezone.localdate(update.recorded_at)
    if action.last_progress_on is None or recorded_on >= action.last_progress_on:
        action.last_progress_on, action.last_assessed_rag = recorded_on, assessed_rag
    fields = ["last_progress_on", "last_assessed_rag", "updated_at"]
    if action.status == ActionStatus.NOT_STARTED:
        _event(
            EventType.ACTION_STATUS_CHANGED,
            action,
            author,
            old=action.status,
            new=ActionStatus.IN_PROGRESS,
        )
        action.status = ActionStatus.IN_PROGRESS
        fields.append("status")
    action.save(update_fields=fields)
    _event(
        EventType.PROGRESS_RECORDED,
        action,
        author,
        progress_update_id=update.pk,
        assessed_rag=assessed_rag,
        recorded_on=recorded_on.isoformat(),
    )
    refresh_action_rag(action=action, today=clock.today(), actor=author)
    return update


def _check_new_deadline(action: Action, due_on: date, reason: str) -> None:
    errors = {}
    if action.is_complete:
        errors["due_on"] = "A complete action's deadline cannot move."
    elif due_on == action.due_on:
        errors["due_on"] = "The new deadline is the same as the current one."
    elif action.start_on and due_on < action.start_on:
        errors["due_on"] = "The deadline cannot be before the start date."
    if not reason.strip():
        errors["reason"] = "Give a reason for moving the deadline."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def request_deadline_revision(
    *, action: Action, requested_by, due_on: date, reason: str
) -> DeadlineRevision:
    """Ask for the deadline to move. A service manager's own request is approved at once."""
    action = Action.objects.select_for_update().with_service().get(pk=action.pk)
    require(requested_by, "actions.request_deadline_revision", action)
    _check_new_deadline(action, due_on, reason)
    if action.deadline_revisions.filter(status=RevisionStatus.PENDING).exists():
        raise ValidationError(
            {"due_on": "A deadline change is already awaiting approval for this action."}
        )
    revision = DeadlineRevision.objects.create(
        action=action,
        previous_due_on=action.due_on,
        requested_due_on=due_on,
        reason=reason.strip(),
        requested_by=requested_by,
    )
    if requested_by.has_perm("actions.decide_deadline_revision", action):
        return approve_deadline_revision(revision=revision, decided_by=requested_by)
    _event(
        EventType.ACTION_DEADLINE_REVISION_REQUESTED,
        action,
        requested_by,
        revision_id=revision.pk,
        old=action.due_on.isoformat(),
        new=due_on.isoformat(),
        reason=revision.reason,
    )
    return revision


def _decide(revision: DeadlineRevision, decided_by, status: str) -> DeadlineRevision:
    revision = DeadlineRevision.objects.select_for_update().get(pk=revision.pk)
    require(decided_by, "actions.decide_deadline_revision", revision)
    if revision.status != RevisionStatus.PENDING:
        raise ValidationError({"status": "This deadline change has already been decided."})
    revision.status, revision.decided_by, revision.decided_at = status, decided_by, clock.now()
    revision.save(update_fields=["status", "decided_by", "decided_at"])
    return revision


@transaction.atomic
def approve_deadline_revision(*, revision: DeadlineRevision, decided_by) -> DeadlineRevision:
    """Move the action's deadline as requested, keeping the original deadline beside it."""
    revision = _decide(revision, decided_by, RevisionStatus.APPROVED)
    action = Action.objects.select_for_update().with_service().get(pk=revision.action_id)
    _check_new_deadline(action, revision.requested_due_on, revision.reason)
    old_due_on, action.due_on = action.due_on, revision.requested_due_on
    action.save(update_fields=["due_on", "updated_at"])
    _event(
        EventType.ACTION_DEADLINE_REVISED,
        action,
        decided_by,
        revision_id=revision.pk,
        old=old_due_on.isoformat(),
        new=action.due_on.isoformat(),
        reason=revision.reason,
        requested_by_id=revision.requested_by_id,
    )
    refresh_action_rag(action=action, today=clock.today(), actor=decided_by)
    return revision


@transaction.atomic
def reject_deadline_revision(*, revision: DeadlineRevision, decided_by) -> DeadlineRevision:
    """Refuse a requested deadline change; the deadline stays as it is."""
    revision = _decide(revision, decided_by, RevisionStatus.REJECTED)
    _event(
        EventType.ACTION_DEADLINE_REVISION_REJECTED,
        revision.action,
        decided_by,
        revision_id=revision.pk,
        requested=revision.requested_due_on.isoformat(),
    )
    return revision


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
            _event(EventType.ACTION_RAG_CHANGED, action, None, old=action.rag, new=new_rag)
            action.rag = new_rag
            moved.append(action)
    Action.objects.bulk_update(moved, ["rag"])
    if moved:
        refresh_rollups({action.recommendation_id for action in moved}, today=today)
    return len(moved)


@transaction.atomic
def change_service_settings(
    *, service: YouthJusticeService, actor, local_authorities=None, today: date | None = None
):
    """Save a service (its name, thresholds and, when given, the authorities it serves); when its
    RAG thresholds change, every RAG of the service is recalculated at once, whichever path
    (admin, API) changed them."""
    if service.pk is None:
        require(actor, "tenancy.add_youthjusticeservice")
        previous = None
    else:
        require(actor, "tenancy.change_youthjusticeservice", service)
        previous = YouthJusticeService.objects.select_for_update().get(pk=service.pk)
    service.full_clean()
    service.save()
    if local_authorities is not None:
        service.local_authorities.set(local_authorities)
    if previous is not None and RagPolicy.of(previous) != RagPolicy.of(service):
        recalculate_rags(today=today or clock.today(), service=service)
    return service


def _check_standards(recommendation: Recommendation, standards) -> None:
    framework_id = recommendation.inspection.framework_id
    foreign = sorted(s.code for s in standards if s.domain.framework_id != framework_id)
    if foreign:
        raise ValidationError(
            {"standards": f"Not standards of the inspection's framework: {', '.join(foreign)}."}
        )


@transaction.atomic
def save_recommendation(*, recommendation: Recommendation, actor, standards=None) -> Recommendation:
    """Create or update a recommendation (and the standards it relates to, when given)."""
    previous = (
        Recommendation.objects.select_for_update().get(pk=recommendation.pk)
        if recommendation.pk
        else None
    )
    if previous is None:
        require(actor, "inspections.add_recommendation", recommendation.inspection)
    else:
        require(actor, "inspections.change_recommendation", previous)
        recommendation.rag = previous.rag
    recommendation.full_clean()
    if standards is not None:
        _check_standards(recommendation, standards)
    recommendation.save()
    if standards is not None:
        recommendation.standards.set(standards)
    service = recommendation.inspection.service
    if previous is None:
        record_event(
            EventType.RECOMMENDATION_ADDED,
            subject=recommendation,
            actor=actor,
            service=service,
            data={
                "inspection_id": recommendation.inspection_id,
                "number": recommendation.number,
            },
        )
        refresh_inspection_rollups([recommendation.inspection_id], today=clock.today(), actor=actor)
    elif (previous.text, previous.addressee, previous.number) != (
        recommendation.text,
        recommendation.addressee,
        recommendation.number,
    ):
        record_event(
            EventType.RECOMMENDATION_CHANGED,
            subject=recommendation,
            actor=actor,
            service=service,
            data={
                "old": {
                    "number": previous.number,
                    "text": previous.text,
                    "addressee": previous.addressee,
                },
                "new": {
                    "number": recommendation.number,
                    "text": recommendation.text,
                    "addressee": recommendation.addressee,
                },
            },
        )
    return recommendation
