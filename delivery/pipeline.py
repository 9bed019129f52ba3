"""The one delivery pipeline: claim a ledger row, hand it to its channel's transport, log the
attempt, and settle the row. Celery is not known here (``delivery.tasks`` queues the rows).

Every channel follows the same rules: one attempt per claim (``events.claims``), retries after
an exponential wait set by ``DELIVERY_RETRY_*`` until ``DELIVERY_MAX_ATTEMPTS`` attempts, then
"gave up"; a refusal fails at once; a failed or given-up row can be restarted by hand.
"""

from datetime import datetime, timedelta

from django.conf import settings

from delivery.models import NEEDS_AN_OPERATOR, Delivery, DeliveryAttempt, DeliveryStatus
from delivery.transports import Outcome, transport_for, withdrawn
from events.claims import RetryPolicy

# What the attempt log keeps of a request body (the content itself stays in the ledger).
REQUEST_SNAPSHOT_CHARS = 10_000
RESTARTABLE = NEEDS_AN_OPERATOR


def retry_policy() -> RetryPolicy:
    return RetryPolicy(
        base_seconds=settings.DELIVERY_RETRY_BASE_SECONDS,
        max_seconds=settings.DELIVERY_RETRY_MAX_SECONDS,
        max_attempts=settings.DELIVERY_MAX_ATTEMPTS,
    )


def deliver(delivery_id: int, *, now: datetime) -> Delivery | None:
    """Make one attempt at the delivery if it is due and this worker wins the claim; None if
    there was nothing to do. Twice: the second call finds the row settled or not yet due."""
    if not Delivery.objects.claim(delivery_id, now=now):
        return None
    delivery = Delivery.objects.select_related(
        "recipient", "webhook", "event__service", "event__actor"
    ).get(pk=delivery_id)
    reason = withdrawn(delivery, now)
    if reason:
        outcome = Outcome("", cancelled=True, attempted=False, error=reason)
    else:
        outcome = transport_for(delivery.channel)(delivery, now)
    if outcome.attempted:
        log_attempt(delivery, outcome, attempted_at=now)
    settle(delivery, outcome, now=now + timedelta(milliseconds=outcome.duration_ms))
    return delivery


def log_attempt(delivery: Delivery, outcome: Outcome, *, attempted_at: datetime) -> None:
    DeliveryAttempt.objects.create(
        delivery=delivery,
        attempted_at=attempted_at,
        destination=outcome.destination,
        request_headers=outcome.request_headers,
        request_body=outcome.request_body[:REQUEST_SNAPSHOT_CHARS],
        response_status=outcome.status_code,
        response_body=outcome.response_body,
        error=outcome.error,
        duration_ms=outcome.duration_ms,
    )


def settled_status(outcome: Outcome, *, attempts: int, policy: RetryPolicy) -> DeliveryStatus:
    """The row's status after its ``attempts``-th attempt ended with ``outcome``."""
    if outcome.sent:
        return DeliveryStatus.SENT
    if outcome.cancelled:
        return DeliveryStatus.CANCELLED
    if outcome.uncertain:
        return DeliveryStatus.UNCERTAIN
    if not outcome.retry:
        return DeliveryStatus.FAILED
    return DeliveryStatus.GAVE_UP if policy.exhausted(attempts) else DeliveryStatus.PENDING


def settle(delivery: Delivery, outcome: Outcome, *, now: datetime) -> None:
    """Record the attempt's outcome on the row (and on ``delivery``, for the caller)."""
    policy = retry_policy()
    if outcome.attempted:
        delivery.attempts += 1  # counted in the row by ``settle`` below
    delivery.status = settled_status(outcome, attempts=delivery.attempts, policy=policy)
    delivery.last_status_code = outcome.status_code
    delivery.last_error = outcome.error
    delivery.claimed_at = None
    fields: dict[str, object] = {
        "last_status_code": outcome.status_code,
        "last_error": outcome.error,
    }
    if delivery.status == DeliveryStatus.PENDING:
        delivery.next_attempt_at = Delivery.objects.retry_later(
            delivery.pk, attempts=delivery.attempts, policy=policy, now=now, **fields
        )
        return
    if delivery.status == DeliveryStatus.SENT:
        delivery.sent_at = now
        fields["sent_at"] = now
    Delivery.objects.settle(delivery.pk, delivery.status, attempted=outcome.attempted, **fields)


def restart(delivery_ids, *, now: datetime) -> list[int]:
    """Make failed, given-up or uncertain rows pending again, due now, with a fresh allowance of
    attempts; returns the ids restarted. Rows sent, cancelled or still going out are left alone.
    The attempt log is kept."""
    restartable = Delivery.objects.filter(pk__in=delivery_ids, status__in=RESTARTABLE)
    ids = list(restartable.values_list("pk", flat=True))
    Delivery.objects.filter(pk__in=ids, status__in=RESTARTABLE).update(
        status=DeliveryStatus.PENDING, attempts=0, next_attempt_at=now, claimed_at=None
    )
    return ids
