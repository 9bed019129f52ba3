"""The domain event outbox, which is also the audit trail."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

from events.catalogue import EventType
from events.claims import ClaimableQuerySet
from tenancy.models import ServiceScopedQuerySet, YouthJusticeService


class DispatchStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    CLAIMED = "claimed", "Being handled"
    DONE = "done", "Handled"
    FAILED = "failed", "Failed"


class DomainEventQuerySet(ServiceScopedQuerySet, ClaimableQuerySet):  # type: ignore[misc,override]
    pass


class DomainEvent(models.Model):
    """A fact about a change, written in the same transaction as the change.

    ``data`` holds ids and old/new values only (JSON-safe); messages and payloads are built
    from it when the event is handled. Dispatch state lives alongside: the outbox is a table
    of claimable work (``events.claims``), claimed by the dispatcher and swept when left behind.
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
    next_attempt_at = models.DateTimeField(default=timezone.now)
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
    STATUS_FIELD, PENDING, CLAIMED = (
        "dispatch_status",
        DispatchStatus.PENDING,
        DispatchStatus.CLAIMED,
    )
    objects = DomainEventQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        indexes = [
            models.Index(fields=["subject_type", "subject_id"], name="event_subject"),
            models.Index(fields=["dispatch_status", "next_attempt_at"], name="event_dispatch"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.type} {self.subject_type}:{self.subject_id}"

    @classmethod
    def lease(cls) -> timedelta:
        """How long a dispatcher's claim holds: handlers are quick database work."""
        return timedelta(minutes=5)
