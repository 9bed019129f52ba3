"""Delivering one webhook delivery: claim it, sign and POST the event, log the attempt, settle.

Selection happened in the handler (which webhooks get which event); this module only delivers.
It does not know about Celery: the task re-enqueues a delivery that is still pending.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import F

from webhooks import retries, signing, transport
from webhooks.choices import DeliveryStatus
from webhooks.destinations import configured_refusal
from webhooks.models import WebhookAttempt, WebhookDelivery
from webhooks.payloads import encode, event_payload

# Version 2 signs by Standard Webhooks (version 1 sent X-Yjtracker-Signature).
USER_AGENT = "yjtracker-webhooks/2"
# Informational, outside the signature: routing by type, and the delivery to quote to support.
EVENT_TYPE_HEADER = "X-Yjtracker-Event-Type"
DELIVERY_HEADER = "X-Yjtracker-Delivery"
# What the attempt log keeps of a request body (the event itself stays in the outbox).
REQUEST_SNAPSHOT_CHARS = 10_000


@dataclass(frozen=True)
class SignedRequest:
    url: str
    headers: dict[str, str]
    body: bytes


def deliver(delivery_id: int, *, now: datetime) -> WebhookDelivery | None:
    """Send the delivery if it is due and this worker wins the claim; None if there was nothing to do.

    Running it twice sends once: the second call finds the delivery settled or not yet due.
    """
    if not claim(delivery_id, now=now):
        return None
    delivery = WebhookDelivery.objects.select_related(
        "webhook", "event__service", "event__actor"
    ).get(pk=delivery_id)
    request = signed_request(delivery, timestamp=int(now.timestamp()))
    response, status = send(request, attempts=delivery.attempts)
    log_attempt(delivery, request, response, attempted_at=now)
    settle(
        delivery, status, response.status, now=now + timedelta(milliseconds=response.duration_ms)
    )
    return delivery


def claim(delivery_id: int, *, now: datetime) -> bool:
    """Take the delivery for one attempt with a conditional UPDATE; False if another holds it.

    The UPDATE filters on the delivery's own columns only: with a join Django would write
    ``WHERE id IN (subquery)``, and PostgreSQL does not re-check a subquery after waiting for a
    competing UPDATE, so two workers could both win.
    """
    if not WebhookDelivery.objects.filter(pk=delivery_id, webhook__active=True).exists():
        return False
    claimed = (
        WebhookDelivery.objects.due(now)
        .filter(pk=delivery_id)
        .update(claimed_at=now, attempts=F("attempts") + 1)
    )
    return claimed == 1


def signed_request(delivery: WebhookDelivery, *, timestamp: int) -> SignedRequest:
    """The POST for this delivery: the event's JSON, signed at ``timestamp`` (unix seconds).

    The Standard Webhooks headers carry the event's message id, the same on every attempt.
    """
    body = encode(event_payload(delivery.event))
    msg_id = signing.message_id(delivery.event_id)
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        EVENT_TYPE_HEADER: delivery.event.type,
        DELIVERY_HEADER: str(delivery.pk),
        **signing.signature_headers(delivery.webhook.secret, msg_id, timestamp, body),
    }
    return SignedRequest(url=delivery.webhook.url, headers=headers, body=body)


def log_attempt(delivery, request: SignedRequest, response, *, attempted_at) -> WebhookAttempt:
    return WebhookAttempt.objects.create(
        delivery=delivery,
        attempted_at=attempted_at,
        url=request.url,
        request_headers=request.headers,
        request_body=request.body.decode()[:REQUEST_SNAPSHOT_CHARS],
        response_status=response.status,
        response_body=response.body,
        error=response.error,
        duration_ms=response.duration_ms,
    )


def send(request: SignedRequest, *, attempts: int) -> tuple[transport.Response, DeliveryStatus]:
    """POST the request (unless its destination is refused) and judge the answer."""
    refused = configured_refusal(request.url)
    if refused:
        # A destination on the server's own network is a registration problem: never retried.
        return transport.Response(status=None, error=f"Not sent: {refused}"), DeliveryStatus.FAILED
    response = transport.post(
        request.url, request.body, request.headers, timeout=settings.WEBHOOK_TIMEOUT_SECONDS
    )
    status = retries.next_status(
        response.status, attempts=attempts, max_attempts=settings.WEBHOOK_MAX_ATTEMPTS
    )
    return response, status


def settle(
    delivery: WebhookDelivery, status: DeliveryStatus, status_code: int | None, *, now: datetime
) -> None:
    """Record the attempt's outcome: done, refused, given up, or pending with its next time."""
    delivery.status = status
    delivery.last_status_code = status_code
    delivery.claimed_at = None
    if status == DeliveryStatus.PENDING:
        delivery.next_attempt_at = retries.next_attempt_at(
            now,
            attempts=delivery.attempts,
            base_seconds=settings.WEBHOOK_RETRY_BASE_SECONDS,
            max_seconds=settings.WEBHOOK_RETRY_MAX_SECONDS,
        )
    else:
        delivery.next_attempt_at, delivery.completed_at = None, now
    delivery.save(
        update_fields=[
            "status",
            "last_status_code",
            "claimed_at",
            "next_attempt_at",
            "completed_at",
        ]
    )


def restart(delivery: WebhookDelivery, *, now: datetime) -> bool:
    """Make a settled delivery pending again, due now, with a fresh allowance of attempts.

    The attempt log is kept. A delivery still pending is left alone (it is already going out).
    """
    restarted = (
        WebhookDelivery.objects.filter(pk=delivery.pk)
        .exclude(status=DeliveryStatus.PENDING)
        .update(
            status=DeliveryStatus.PENDING,
            attempts=0,
            next_attempt_at=now,
            claimed_at=None,
            completed_at=None,
        )
    )
    return restarted == 1
