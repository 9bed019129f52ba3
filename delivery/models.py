"""The delivery ledger: one row per message that must go out exactly once, by email or webhook.

Email and webhook are two transports (``delivery.transports``) over this one ledger and one
pipeline (``delivery.pipeline``): a row is claimed, handed to its channel's transport, and
settled as sent, failed, or pending again for a retry. Webhook endpoints live here too: like a
user's email address, they are where a delivery goes.
"""

import base64
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from delivery.destinations import configured_refusal
from events.catalogue import EventType
from events.claims import ClaimableQuerySet
from events.models import DomainEvent
from tenancy.choices import ServiceRole
from tenancy.models import ServiceScopedQuerySet, YouthJusticeService
from tenancy.rules import services_with_role

# Secrets follow Standard Webhooks: ``whsec_`` and the standard base64 of the key.
SECRET_PREFIX = "whsec_"
SECRET_BYTES = 32


def generate_secret() -> str:
    """A fresh signing secret: ``whsec_`` and the standard base64 of 256 random bits."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode()


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
    """Webhooks carry their signing secret and the ledger shows who was told what: only the
    service's managers see them."""

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


class Channel(models.TextChoices):
    EMAIL = "email", "Email"
    WEBHOOK = "webhook", "Webhook"


class DeliveryStatus(models.TextChoices):
    """A row's life: pending → sending (claimed by one worker) → sent; or failed (refused, or
    not sendable), gave up (every retry spent), uncertain (handed over, but the server's answer
    was lost: an operator decides whether to send it again) or cancelled (withdrawn)."""

    PENDING = "pending", "To send"
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"
    GAVE_UP = "gave_up", "Gave up after retries"
    UNCERTAIN = "uncertain", "Uncertain: perhaps sent"
    CANCELLED = "cancelled", "Cancelled"


# Rows that will not go out unless someone sends them again: what the health view counts.
NEEDS_AN_OPERATOR = (DeliveryStatus.FAILED, DeliveryStatus.GAVE_UP, DeliveryStatus.UNCERTAIN)


class DeliveryQuerySet(ManagedQuerySet, ClaimableQuerySet):  # type: ignore[misc,override]
    def emails(self):
        return self.filter(channel=Channel.EMAIL)

    def webhook_requests(self):
        return self.filter(channel=Channel.WEBHOOK)


class Delivery(models.Model):
    """One message to one destination, sent once: an email to a user (or, for someone without an
    account, to an ``address``) or an event to a webhook.

    The row is written (with its unique key) *before* sending, so a second run of any job finds
    it and sends nothing new; ``status`` records whether the send succeeded, so a failed send is
    retried without a duplicate. An email's key is (kind, subject, recipient, period): ``period``
    tells legitimate repeats apart (the deadline a reminder is about, the week of an overdue
    reminder, the date of a digest). A webhook request's key is (webhook, event). ``attempts``
    counts attempts since the row was (re)started; every attempt is kept in ``DeliveryAttempt``.
    """

    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.EMAIL)
    kind = models.CharField(
        max_length=60, db_index=True, help_text="The email's template, or the event's type."
    )
    service = models.ForeignKey(
        YouthJusticeService, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="deliveries",
    )
    address = models.EmailField(
        blank=True,
        help_text="Where an email to someone without an account goes (a partner contact).",
    )
    webhook = models.ForeignKey(
        Webhook, on_delete=models.CASCADE, null=True, blank=True, related_name="deliveries"
    )
    subject_type = models.CharField(max_length=40)
    subject_id = models.BigIntegerField()
    period = models.CharField(max_length=40, blank=True)
    event = models.ForeignKey(
        DomainEvent, on_delete=models.SET_NULL, null=True, blank=True, related_name="deliveries"
    )
    context = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    created_at = models.DateTimeField(default=timezone.now)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_status_code = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="The last answer's code: HTTP status or SMTP reply."
    )
    last_error = models.TextField(blank=True)

    SERVICE_PATH = "service"
    STATUS_FIELD, PENDING, CLAIMED = "status", DeliveryStatus.PENDING, DeliveryStatus.SENDING
    objects = DeliveryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "deliveries"
        constraints = [
            # The subject leads: the deadline scan looks up a batch of actions' keys by subject
            # (an index-only scan; led by kind, it read every row of those kinds).
            models.UniqueConstraint(
                fields=["subject_type", "subject_id", "kind", "recipient", "period"],
                condition=Q(channel="email"),
                name="email_sent_once",
                violation_error_message="This email has already been recorded.",
            ),
            # Without a recipient the one above never matches (NULLs differ): the address keys it.
            models.UniqueConstraint(
                fields=["subject_type", "subject_id", "kind", "address", "period"],
                condition=Q(channel="email", recipient__isnull=True),
                name="email_to_address_sent_once",
                violation_error_message="This email has already been recorded.",
            ),
            models.UniqueConstraint(
                fields=["webhook", "event"],
                condition=Q(channel="webhook"),
                name="webhook_request_sent_once",
                violation_error_message="This event has already been queued for this webhook.",
            ),
            models.CheckConstraint(
                condition=Q(channel="email", recipient__isnull=False, webhook__isnull=True)
                | (
                    Q(channel="email", recipient__isnull=True, webhook__isnull=True)
                    & ~Q(address="")
                )
                | Q(channel="webhook", webhook__isnull=False, recipient__isnull=True, address=""),
                name="delivery_has_one_destination",
                violation_error_message="An email goes to a recipient or an address, a webhook "
                "request to a webhook.",
            ),
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="delivery_due")]
        permissions = [("resend_delivery", "Can send a settled delivery again")]

    def __str__(self) -> str:
        destination = self.recipient or self.address or self.webhook
        return f"{self.kind} to {destination} ({self.get_status_display()})"

    @classmethod
    def lease(cls) -> timedelta:
        """How long a claim holds: long enough for one send to time out, with a margin."""
        timeout = max(settings.WEBHOOK_TIMEOUT_SECONDS, settings.EMAIL_TIMEOUT or 0)
        return timedelta(seconds=timeout * 3 + 60)


class DeliveryAttempt(models.Model):
    """One try at sending a delivery, with what was sent and what came back (size-limited)."""

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="attempt_log")
    attempted_at = models.DateTimeField()
    destination = models.CharField(max_length=500, help_text="The URL or email address.")
    request_headers = models.JSONField(default=dict, blank=True)
    request_body = models.TextField(blank=True)
    response_status = models.PositiveSmallIntegerField(null=True, blank=True)
    response_body = models.TextField(blank=True)
    error = models.TextField(blank=True)
    duration_ms = models.PositiveIntegerField(default=0)

    SERVICE_PATH = "delivery__service"
    objects = ManagedQuerySet.as_manager()

    class Meta:
        ordering = ["-attempted_at", "-id"]

    def __str__(self) -> str:
        outcome = self.response_status or self.error[:40] or "no response"
        return f"Attempt at {self.attempted_at:%Y-%m-%d %H:%M:%S}: {outcome}"
