"""The webhook transport: sign one event and POST it to the delivery's webhook.

Which webhooks get which event was decided by the handler (``webhooks.handlers``); claiming,
retrying and logging are the pipeline's (``delivery.pipeline``). 2xx is sent; network errors and
5xx are worth a retry; anything else (3xx, 4xx) is the receiver's refusal, which retrying would
not change.
"""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings

from delivery.destinations import configured_destination
from delivery.models import Channel, Delivery
from delivery.transports import Outcome, transport
from webhooks import signing
from webhooks.http import post
from webhooks.payloads import encode, event_payload

# Version 2 signs by Standard Webhooks (version 1 sent X-Yjtracker-Signature).
USER_AGENT = "yjtracker-webhooks/2"
# Informational, outside the signature: routing by type, and the delivery to quote to support.
EVENT_TYPE_HEADER = "X-Yjtracker-Event-Type"
DELIVERY_HEADER = "X-Yjtracker-Delivery"


@dataclass(frozen=True)
class SignedRequest:
    url: str
    headers: dict[str, str]
    body: bytes


def is_success(status_code: int | None) -> bool:
    return status_code is not None and 200 <= status_code < 300


def is_transient(status_code: int | None) -> bool:
    """A network error or a server error: worth trying again later."""
    return status_code is None or status_code >= 500


def signed_request(delivery: Delivery, *, timestamp: int) -> SignedRequest:
    """The POST for this delivery: the event's JSON, signed at ``timestamp`` (unix seconds).

    The Standard Webhooks headers carry the event's message id, the same on every attempt.
    """
    assert delivery.webhook is not None and delivery.event is not None
    body = encode(event_payload(delivery.event))
    msg_id = signing.message_id(delivery.event.pk)
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        EVENT_TYPE_HEADER: delivery.event.type,
        DELIVERY_HEADER: str(delivery.pk),
        **signing.signature_headers(delivery.webhook.secret, msg_id, timestamp, body),
    }
    return SignedRequest(url=delivery.webhook.url, headers=headers, body=body)


@transport(Channel.WEBHOOK)
def send_webhook_request(delivery: Delivery, now: datetime) -> Outcome:
    """POST the event (unless the webhook is off or its destination refused) and judge the answer."""
    webhook = delivery.webhook
    assert webhook is not None
    if not webhook.active:
        return Outcome(webhook.url, cancelled=True, attempted=False, error="The webhook is off.")
    if delivery.event is None:
        return Outcome(webhook.url, attempted=False, error="The event no longer exists.")
    request = signed_request(delivery, timestamp=int(now.timestamp()))
    # Resolved once: the address checked is the address connected to (no DNS rebinding).
    destination = configured_destination(request.url)
    if destination.refusal:
        # A destination on the server's own network is a registration problem: never retried.
        return _outcome(request, status=None, error=f"Not sent: {destination.refusal}", retry=False)
    if destination.error:
        return _outcome(request, status=None, error=destination.error, retry=True)
    response = post(
        request.url,
        request.body,
        request.headers,
        address=destination.address,
        timeout=settings.WEBHOOK_TIMEOUT_SECONDS,
    )
    return _outcome(
        request,
        status=response.status,
        error=response.error,
        retry=is_transient(response.status),
        response_body=response.body,
        duration_ms=response.duration_ms,
    )


def _outcome(request: SignedRequest, *, status, error, retry, **answer) -> Outcome:
    return Outcome(
        request.url,
        sent=is_success(status),
        retry=retry and not is_success(status),
        status_code=status,
        error=error,
        request_headers=request.headers,
        request_body=request.body.decode(),
        **answer,
    )
