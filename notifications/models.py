"""The domain event outbox, which is also the audit trail."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from inspections.models import YouthJusticeService
from inspections.querysets import ServiceScopedQuerySet
from notifications.events import EventType


class DispatchStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    CLAIMED = "claimed", "Being handled"
    DONE = "done", "Handled"
    FAILED = "failed", "Failed"


class DomainEvent(models.Model):
    """A fact about a change, written in the same transaction as the change.

    ``data`` holds ids and old/new values only (JSON-safe); messages and payloads are built
    from it when the event is handled. Dispatch state lives alongside so a dispatcher can
    claim a row with a conditional UPDATE and a sweeper can find rows left behind.
    """

    type = models.CharField(max_length=60, choices=EventType.choices, db_index=True)
    occurred_at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    service = models.ForeignKey(
        YouthJusticeService, on_delete=models.CASCADE, null=True, blank=True, related_name="events"
    )
    subject_type = models.CharField(max_length=40)
    subject_id = models.BigIntegerField()
    data = models.JSONField(default=dict, blank=True)
    dispatch_status = models.CharField(
        max_length=10, choices=DispatchStatus.choices, default=DispatchStatus.PENDING
    )
    claimed_at = models.DateTimeField(null=True, blank=True)
    processed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    once_key = models.CharField(
        max_length=120,
        null=True,
        blank=True,
        unique=True,
        editable=False,
        help_text="Set on events that may happen only once, e.g. overdue per action and deadline.",
    )

    SERVICE_PATH = "service"
    objects = ServiceScopedQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        indexes = [
            models.Index(fields=["subject_type", "subject_id"], name="event_subject"),
            models.Index(fields=["dispatch_status", "id"], name="event_dispatch"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.type} {self.subject_type}:{self.subject_id}"


class NotificationStatus(models.TextChoices):
    """A ledger row's life: pending → sending (claimed by one sender) → sent, or failed/cancelled."""

    PENDING = "pending", "To send"
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"
    CANCELLED = "cancelled", "Cancelled"


class Notification(models.Model):
    """The send ledger: one row per message that must go out exactly once.

    The row is written (with its unique key) *before* sending, so a second run of any job finds
    it and sends nothing new; ``status`` records whether the send itself succeeded, so a failed
    send is retried without a duplicate. ``period`` distinguishes legitimate repeats: the
    deadline a reminder is about, the week of an overdue reminder, the date of a digest.
    """

    kind = models.CharField(max_length=60, db_index=True)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    service = models.ForeignKey(
        YouthJusticeService, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    subject_type = models.CharField(max_length=40)
    subject_id = models.BigIntegerField()
    period = models.CharField(max_length=40)
    event = models.ForeignKey(
        DomainEvent, on_delete=models.SET_NULL, null=True, blank=True, related_name="notifications"
    )
    context = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        max_length=10, choices=NotificationStatus.choices, default=NotificationStatus.PENDING
    )
    created_at = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)

    SERVICE_PATH = "service"
    objects = ServiceScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "subject_type", "subject_id", "recipient", "period"],
                name="notification_sent_once",
                violation_error_message="This notification has already been recorded.",
            )
        ]
        indexes = [models.Index(fields=["status", "created_at"], name="notification_status")]

    def __str__(self) -> str:
        return f"{self.kind} to {self.recipient} ({self.get_status_display()})"
