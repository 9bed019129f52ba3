"""Handlers that keep the reminder ledger true to the action: they only touch rows not yet sent.

Each is idempotent: a second run finds no pending row left to change.
"""

from functools import partial

from django.db import transaction
from django.db.models import Q, QuerySet

from events.catalogue import EventType
from events.models import DomainEvent
from events.registry import handles
from notifications.models import Notification, NotificationStatus
from notifications.schedule import ALL_KINDS, DEADLINE_KINDS, OWNER_KINDS, ReminderKind
from notifications.tasks import schedule_send


def pending_rows(event: DomainEvent, kinds) -> QuerySet[Notification]:
    """The event's action's ledger rows of ``kinds`` still waiting to be sent."""
    return Notification.objects.filter(
        subject_type=event.subject_type,
        subject_id=event.subject_id,
        kind__in=kinds,
        status=NotificationStatus.PENDING,
    )


@handles(EventType.ACTION_OWNER_CHANGED)
def move_pending_reminders_to_new_owner(event: DomainEvent) -> int:
    """Give the new owner the old owner's unsent reminders (cancelled where the new owner
    already has the same one). Returns how many moved."""
    old_owner, new_owner = event.data["old"], event.data["new"]
    rows = pending_rows(event, OWNER_KINDS).filter(recipient_id=old_owner)
    already = set(
        Notification.objects.filter(
            subject_type=event.subject_type, subject_id=event.subject_id, recipient_id=new_owner
        ).values_list("kind", "period")
    )
    duplicates = [row.pk for row in rows if (row.kind, row.period) in already]
    Notification.objects.filter(pk__in=duplicates).update(status=NotificationStatus.CANCELLED)
    moved = list(rows.exclude(pk__in=duplicates).values_list("pk", flat=True))
    Notification.objects.filter(pk__in=moved).update(recipient_id=new_owner)
    for notification_id in moved:  # Queued again: harmless if the first send is still queued.
        transaction.on_commit(partial(schedule_send, notification_id))
    return len(moved)


@handles(EventType.ACTION_DEADLINE_REVISED)
def cancel_reminders_for_old_deadline(event: DomainEvent) -> int:
    """Withdraw unsent messages about the old deadline; the new deadline's arrive by their key."""
    about_old = Q(period__startswith=f"{event.data['old']}:")
    return (
        pending_rows(event, DEADLINE_KINDS)
        .filter(about_old)
        .update(status=NotificationStatus.CANCELLED)
    )


@handles(EventType.ACTION_COMPLETED)
def cancel_pending_reminders(event: DomainEvent) -> int:
    """A complete action gets no reminder: withdraw every unsent one."""
    return pending_rows(event, ALL_KINDS).update(status=NotificationStatus.CANCELLED)


@handles(EventType.PROGRESS_RECORDED)
def cancel_pending_update_requests(event: DomainEvent) -> int:
    """Progress answers an update request: withdraw any not yet sent."""
    return pending_rows(event, [ReminderKind.UPDATE_REQUEST]).update(
        status=NotificationStatus.CANCELLED
    )
