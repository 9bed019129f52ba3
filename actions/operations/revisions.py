"""Deadline revisions: requested, then approved (moving the deadline) or rejected."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from actions.choices import RevisionStatus
from actions.models import Action, DeadlineRevision
from actions.operations.action_events import record_action_event
from actions.operations.recalculation import refresh_action_rag
from core import clock
from events.catalogue import EventType
from tenancy.rules import require


def _validate_request(revision: DeadlineRevision) -> None:
    """The revision's own rules (``clean()`` and its constraints), in the request's terms.

    Not ``full_clean()``: the values are typed already, and an empty reason is to be told the
    constraint's "Give a reason" rather than a field's "cannot be blank".
    """
    errors: dict = {}
    for check in (revision.clean, revision.validate_constraints):
        try:
            check()
        except ValidationError as error:
            errors = error.update_error_dict(errors)
    if errors:
        # The request names the new date ``due_on``; the revision stores it as ``requested_due_on``.
        raise ValidationError(
            {("due_on" if f == "requested_due_on" else f): e for f, e in errors.items()}
        )


@transaction.atomic
def request_deadline_revision(
    *, action: Action, requested_by, due_on: date, reason: str
) -> DeadlineRevision:
    """Ask for the deadline to move. A service manager's own request is approved at once."""
    action = Action.objects.select_for_update().with_service().get(pk=action.pk)
    require(requested_by, "actions.request_deadline_revision", action)
    revision = DeadlineRevision(
        action=action,
        previous_due_on=action.due_on,
        requested_due_on=due_on,
        reason=reason.strip(),
        requested_by=requested_by,
    )
    _validate_request(revision)
    revision.save()
    if requested_by.has_perm("actions.decide_deadline_revision", action):
        return approve_deadline_revision(revision=revision, decided_by=requested_by)
    record_action_event(
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
    action.validate_deadline(revision.requested_due_on)
    old_due_on, action.due_on = action.due_on, revision.requested_due_on
    action.save(update_fields=["due_on", "updated_at"])
    record_action_event(
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
    record_action_event(
        EventType.ACTION_DEADLINE_REVISION_REJECTED,
        revision.action,
        decided_by,
        revision_id=revision.pk,
        requested=revision.requested_due_on.isoformat(),
    )
    return revision
