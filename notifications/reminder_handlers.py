"""Handlers that keep the reminder ledger true to the action: they only touch rows not yet sent.

Each is idempotent: a second run finds no pending row left to change.
"""

from django.db.models import Q, QuerySet

from delivery.models import Channel, Delivery, DeliveryStatus
from delivery.tasks import deliver_on_commit
from events.catalogue import EventType
from events.models import DomainEvent
from events.registry import handles
from notifications.schedule import ALL_KINDS, DEADLINE_KINDS, OWNER_KINDS, ReminderKind


def pending_rows(event: DomainEvent, kinds) -> QuerySet[Delivery]:
    """The event's action's ledger rows of ``kinds`` still waiting to be sent."""
    return Delivery.objects.emails().filter(
        subject_type=event.subject_type,
        subject_id=event.subject_id,
        kind__in=kinds,
        status=DeliveryStatus.PENDING,
    )


@handles(EventType.ACTION_OWNER_CHANGED)
def move_pending_reminders_to_new_owner(event: DomainEvent) -> int:
    """Give the new owner the old owner's unsent reminders (cancelled where the new owner
    already has the same one). Returns how many moved."""
    old_owner, new_owner = event.data["old"], event.data["new"]
    rows = pending_rows(event, OWNER_KINDS).filter(recipient_id=old_owner)
    already = set(
        Delivery.objects.emails()
        .filter(
            subject_type=event.subject_type, subject_id=event.subject_id, recipient_id=new_owner
        )
        .values_list("kind", "period")
    )
    duplicates = [row.pk for row in rows if (row.kind, row.period) in already]
    Delivery.objects.filter(pk__in=duplicates).update(status=DeliveryStatus.CANCELLED)
    moved = list(rows.exclude(pk__in=duplicates).values_list("pk", flat=True))
    Delivery.objects.filter(pk__in=moved).update(recipient_id=new_owner)
    deliver_on_commit(moved, Channel.EMAIL)  # Queued again: harmless if already queued.
    return len(moved)


@handles(EventType.ACTION_DEADLINE_REVISED)
def cancel_reminders_for_old_deadline(event: DomainEvent) -> int:
    """Withdraw unsent messages about the old deadline; the new deadline's arrive by their key."""
    about_old = Q(period__startswith=f"{event.data['old']}:")
    return (
        pending_rows(event, DEADLINE_KINDS)
        .filter(about_old)
        .update(status=DeliveryStatus.CANCELLED)
    )


@handles(EventType.ACTION_COMPLETED)
def cancel_pending_reminders(event: DomainEvent) -> int:
    """A complete action gets no reminder: withdraw every unsent one."""
    return pending_rows(event, ALL_KINDS).update(status=DeliveryStatus.CANCELLED)


@handles(EventType.PROGRESS_RECORDED)
def cancel_pending_update_requests(event: DomainEvent) -> int:
    """Progress answers an update request: withdraw any not yet sent."""
    return pending_rows(event, [ReminderKind.UPDATE_REQUEST]).update(
        status=DeliveryStatus.CANCELLED
    )
