"""The send ledger: one row per message that must go out exactly once."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from events.models import DomainEvent
from tenancy.models import ServiceScopedQuerySet, YouthJusticeService


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
