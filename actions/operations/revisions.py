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


def _validate_request(revision: DeadlineRevision, *, today: date, past_confirmed: bool) -> None:
    """The revision's own rules (``clean()``, its constraints, the reason's length), and that
    the date is not past unless confirmed, in the request's terms.

    Not ``full_clean()``: the values are typed already, and an empty reason is to be told the
    constraint's "Give a reason" rather than a field's "cannot be blank".
    """
    reason_field = DeadlineRevision._meta.get_field("reason")
    checks = (
        revision.clean,
        revision.validate_constraints,
        lambda: _field_errors("reason", reason_field.run_validators, revision.reason),
        lambda: revision.action.validate_not_past(
            revision.requested_due_on, today=today, confirmed=past_confirmed
        ),
    )
    errors: dict = {}
    for check in checks:
        try:
            check()
        except ValidationError as error:
            errors = error.update_error_dict(errors)
    if errors:
        # The request names the new date ``due_on``; the revision stores it as ``requested_due_on``.
        raise ValidationError(
            {("due_on" if f == "requested_due_on" else f): e for f, e in errors.items()}
        )


def _field_errors(field: str, check, value) -> None:
    try:
        check(value)
    except ValidationError as error:
        raise ValidationError({field: error.messages}) from None


@transaction.atomic
def request_deadline_revision(
    *,
    action: Action,
    requested_by,
    due_on: date,
    reason: str,
    confirm_past_deadline: bool = False,
    today: date | None = None,
) -> DeadlineRevision:
    """Ask for the deadline to move. A service manager's own request is approved at once.

    A date before ``today`` (default: the clock's) is refused unless ``confirm_past_deadline``
    is given by a service manager of the action.
    """
    action = Action.objects.select_for_update().with_service().get(pk=action.pk)
    require(requested_by, "actions.request_deadline_revision", action)
    manages = requested_by.has_perm("actions.decide_deadline_revision", action)
    revision = DeadlineRevision(
        action=action,
        previous_due_on=action.due_on,
        requested_due_on=due_on,
        reason=reason.strip(),
        requested_by=requested_by,
    )
    _validate_request(
        revision, today=today or clock.today(), past_confirmed=confirm_past_deadline and manages
    )
    revision.save()
    if manages:
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
    action.due_on_set_on = clock.today()
    action.save(update_fields=["due_on", "due_on_set_on", "updated_at"])
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
