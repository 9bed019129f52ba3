"""Workflow emails: someone else's move that waits on you, told once, through the ledger.

- a deadline change requested → the service's managers (who decide it);
- a deadline change decided → the person who asked;
- an action marked complete → whoever may sign it off (the chair, or the members where the
  board allows), never the person who completed it;
- an action sent back by the board → its owner.

Each event becomes ``Delivery`` rows keyed (kind, action, recipient, ``event:<id>``), written
with ``ignore_conflicts``: a handler run twice (a retry, a redispatch) writes nothing new, and
the pipeline sends each row once. Nobody is told about their own act, and a person who switched
a kind off (``EmailOptOut``, one click from any such email) is left out when the rows are chosen.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse

from actions.choices import RevisionStatus
from actions.models import Action, DeadlineRevision
from delivery.models import Channel, Delivery
from delivery.tasks import deliver_on_commit
from events.catalogue import EventType
from events.models import DomainEvent
from events.registry import handles
from notifications import payloads
from notifications.models import EmailOptOut
from notifications.workflow_links import stop_url
from tenancy.choices import ServiceRole
from tenancy.models import BoardMember, ServiceMembership
from tenancy.people import display_name


class WorkflowKind(models.TextChoices):
    """The workflow emails, each one template triplet and one preference."""

    DEADLINE_REQUESTED = "deadline_requested", "A deadline change awaits your decision"
    DEADLINE_DECIDED = "deadline_decided", "Your deadline change has been decided"
    AWAITING_SIGN_OFF = "awaiting_sign_off", "A completed action awaits sign-off"
    SENT_BACK = "sent_back", "The board has sent your action back"


def _action(event: DomainEvent) -> Action | None:
    return (
        Action.objects.with_service()
        .select_related("owner", "recommendation__inspection__service")
        .filter(pk=event.subject_id)
        .first()
    )


def _managers(service_id: int) -> list[int]:
    return list(
        ServiceMembership.objects.current()
        .filter(service_id=service_id, role=ServiceRole.SERVICE_MANAGER)
        .values_list("user_id", flat=True)
    )


def record_workflow_emails(
    event: DomainEvent, kind: str, action: Action, user_ids, **facts
) -> list[int]:
    """Write one ledger row per recipient (never the event's actor, never anyone who opted out
    of ``kind``) and queue them after commit; returns the ids written or already there."""
    wanted = set(user_ids) - {event.actor_id}
    wanted -= set(
        EmailOptOut.objects.filter(kind=kind, user_id__in=wanted).values_list("user_id", flat=True)
    )
    if not wanted:
        return []
    period = f"event:{event.pk}"
    context = {**payloads.action_facts(action), **facts, "kind": kind}
    rows = [
        Delivery(
            kind=kind,
            recipient_id=user_id,
            service_id=event.service_id,
            subject_type="action",
            subject_id=action.pk,
            period=period,
            event=event,
            context={**context, "unsubscribe_url": stop_url(user_id, kind)},
        )
        for user_id in sorted(wanted)
    ]
    Delivery.objects.bulk_create(rows, ignore_conflicts=True)
    ids = list(
        Delivery.objects.emails()
        .filter(kind=kind, subject_type="action", subject_id=action.pk, period=period)
        .values_list("pk", flat=True)
    )
    deliver_on_commit(ids, Channel.EMAIL)
    return ids


@handles(EventType.ACTION_DEADLINE_REVISION_REQUESTED)
def tell_managers_a_deadline_change_awaits(event: DomainEvent) -> list[int]:
    revision = DeadlineRevision.objects.filter(pk=event.data.get("revision_id")).first()
    action = _action(event)
    # A manager's own request is approved as it is made; one decided already needs nobody.
    if revision is None or action is None or revision.status != RevisionStatus.PENDING:
        return []
    return record_workflow_emails(
        event,
        WorkflowKind.DEADLINE_REQUESTED,
        action,
        _managers(action.recommendation.inspection.service_id),
        requested_by=_name(revision.requested_by),
        old_on=event.data["old"],
        new_on=event.data["new"],
        reason=revision.reason,
        decide_url=f"{settings.SITE_URL}{reverse('pages:home')}#revision-{revision.pk}",
    )


@handles(EventType.ACTION_DEADLINE_REVISED, EventType.ACTION_DEADLINE_REVISION_REJECTED)
def tell_the_requester_the_decision(event: DomainEvent) -> list[int]:
    revision = (
        DeadlineRevision.objects.select_related("requested_by", "decided_by")
        .filter(pk=event.data.get("revision_id"))
        .first()
    )
    action = _action(event)
    if revision is None or action is None:
        return []
    return record_workflow_emails(
        event,
        WorkflowKind.DEADLINE_DECIDED,
        action,
        [revision.requested_by_id],
        approved=revision.status == RevisionStatus.APPROVED,
        decided_by=_name(revision.decided_by),
        old_on=revision.previous_due_on.isoformat(),
        new_on=revision.requested_due_on.isoformat(),
        reason=revision.reason,
    )


@handles(EventType.ACTION_COMPLETED)
def ask_the_board_to_sign_off(event: DomainEvent) -> list[int]:
    action = _action(event)
    if action is None or not action.is_complete:
        return []
    signers = BoardMember.objects.signers().filter(board__service_id=event.service_id)
    return record_workflow_emails(
        event,
        WorkflowKind.AWAITING_SIGN_OFF,
        action,
        signers.values_list("user_id", flat=True),
        completed_by=_name(event.actor),
        completed_on=event.data.get("completed_on"),
        sign_off_url=settings.SITE_URL
        + reverse("board:sign-off-decision", args=[action.service.pk, action.pk]),
        closing_statement=event.data.get("closing_statement", action.closing_statement),
    )


@handles(EventType.ACTION_SENT_BACK)
def tell_the_owner_it_was_sent_back(event: DomainEvent) -> list[int]:
    action = _action(event)
    if action is None:
        return []
    return record_workflow_emails(
        event,
        WorkflowKind.SENT_BACK,
        action,
        [action.owner_id],
        sent_back_by=_name(event.actor),
        comment=event.data.get("comment", ""),
    )


def _name(user) -> str:
    if user is None:
        return "yjtracker"
    return display_name(user)
