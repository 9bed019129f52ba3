"""Webhooks: where a service's events are pushed, and the ledger of every delivery and attempt."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.utils import timezone

from events.catalogue import EventType
from events.models import DomainEvent
from tenancy.choices import ServiceRole
from tenancy.models import ServiceScopedQuerySet, YouthJusticeService
from tenancy.rules import services_with_role
from webhooks.choices import DeliveryStatus
from webhooks.destinations import configured_refusal

# Secrets follow Standard Webhooks (signing.py). Both names stay importable from here: migration
# 0001 names ``webhooks.models.generate_secret`` as the ``secret`` field's default.
from webhooks.signing import SECRET_PREFIX as SECRET_PREFIX
from webhooks.signing import generate_secret as generate_secret


def validate_event_types(value) -> None:
    """``value`` must be a list of known event type names, each at most once."""
    if not isinstance(value, list):
        raise ValidationError("Give a list of event types.")
    unknown = sorted({str(item) for item in value} - set(EventType.values))
    if unknown:
        raise ValidationError(f"Unknown event types: {', '.join(unknown)}.")
    if len(set(value)) != len(value):
        raise ValidationError("An event type is listed more than once.")


class ManagedQuerySet(ServiceScopedQuerySet):
    """Webhooks carry their signing secret: only the service's managers see them."""

    def managed_by(self, user):
        """Rows of the services ``user`` manages; everything for a superuser."""
        if user.is_superuser:
            return self
        service_ids = services_with_role(user, ServiceRole.SERVICE_MANAGER)
        return self.filter(**{f"{self.model.SERVICE_PATH}__in": service_ids})


class WebhookQuerySet(ManagedQuerySet):
    def active(self):
        return self.filter(active=True)


class Webhook(models.Model):
    """A URL that receives the service's events as signed JSON POSTs.

    ``event_types`` lists the event types wanted; an empty list means every type, including
    types added later. The secret is generated when the webhook is created and shown to the
    manager, who gives it to the receiver to check signatures with.
    """

    service = models.ForeignKey(
        YouthJusticeService, on_delete=models.CASCADE, related_name="webhooks"
    )
    name = models.CharField(max_length=120, help_text="What receives these events, for people.")
    url = models.URLField(
        "URL",
        max_length=500,
        validators=[URLValidator(schemes=["http", "https"])],
        help_text="Must be https:// in production.",
    )
    event_types = models.JSONField(
        default=list,
        blank=True,
        validators=[validate_event_types],
        help_text="Event types to send; leave empty to send every type (including future ones).",
    )
    secret = models.CharField(max_length=80, default=generate_secret, editable=False)
    active = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    SERVICE_PATH = "service"
    objects = WebhookQuerySet.as_manager()

    class Meta:
        ordering = ["service", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.url})"

    def clean(self) -> None:
        if self.url.startswith("http://") and not settings.WEBHOOK_ALLOW_HTTP:
            raise ValidationError({"url": "Webhook URLs must use https://."})
        refused = configured_refusal(self.url) if self.url else ""
        if refused:
            raise ValidationError({"url": refused})

    def wants(self, event_type: str) -> bool:
        """Whether this webhook is subscribed to ``event_type``."""
        return not self.event_types or event_type in self.event_types


class WebhookDeliveryQuerySet(ManagedQuerySet):
    def due(self, now):
        """Pending deliveries whose next attempt is due and that no worker holds."""
        lease_start = now - delivery_lease()
        return self.filter(status=DeliveryStatus.PENDING, next_attempt_at__lte=now).filter(
            models.Q(claimed_at__isnull=True) | models.Q(claimed_at__lt=lease_start)
        )


def delivery_lease():
    """How long a claim holds: long enough for one request to time out, with a margin."""
    return timedelta(seconds=settings.WEBHOOK_TIMEOUT_SECONDS * 3 + 60)


class WebhookDelivery(models.Model):
    """One event to one webhook: delivered once, retried until it succeeds or gives up.

    The unique (webhook, event) pair makes the handler idempotent. A worker claims the row with a
    conditional UPDATE of ``claimed_at`` before sending, so two workers never send it at once.
    ``attempts`` counts attempts since the delivery was (re)started; every attempt is kept in
    ``WebhookAttempt``.
    """

    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="deliveries")
    event = models.ForeignKey(DomainEvent, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(
        max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now, null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    completed_at = models.DateTimeField(null=True, blank=True)

    SERVICE_PATH = "webhook__service"
    objects = WebhookDeliveryQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        verbose_name_plural = "webhook deliveries"
        constraints = [
            models.UniqueConstraint(
                fields=["webhook", "event"],
                name="webhook_delivery_once",
                violation_error_message="This event has already been queued for this webhook.",
            )
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="webhook_delivery_due")]

    def __str__(self) -> str:
        return f"Event #{self.event_id} to {self.webhook.name} ({self.get_status_display()})"


class WebhookAttempt(models.Model):
    """One HTTP request of a delivery, with what was sent and what came back (size-limited)."""

    delivery = models.ForeignKey(
        WebhookDelivery, on_delete=models.CASCADE, related_name="attempt_log"
    )
    attempted_at = models.DateTimeField()
    url = models.CharField("URL", max_length=500)
    request_headers = models.JSONField(default=dict)
    request_body = models.TextField(blank=True)
    response_status = models.PositiveSmallIntegerField(null=True, blank=True)
    response_body = models.TextField(blank=True)
    error = models.TextField(blank=True)
    duration_ms = models.PositiveIntegerField(default=0)

    SERVICE_PATH = "delivery__webhook__service"
    objects = ManagedQuerySet.as_manager()

    class Meta:
        ordering = ["-attempted_at", "-id"]

    def __str__(self) -> str:
        outcome = self.response_status or self.error[:40] or "no response"
        return f"Attempt at {self.attempted_at:%Y-%m-%d %H:%M:%S}: {outcome}"
