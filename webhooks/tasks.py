"""Celery adapters of the webhooks app."""

from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from events.tasks import enqueue
from webhooks.choices import DeliveryStatus
from webhooks.delivery import deliver
from webhooks.models import WebhookDelivery

# How many left-behind deliveries one sweep queues, and how late a delivery must be to count.
SWEEP_BATCH_SIZE = 500
SWEEP_AFTER = timedelta(seconds=60)


@shared_task(acks_late=True)
def deliver_webhook_task(delivery_id: int) -> None:
    """Attempt one delivery, and queue its next attempt if it is still pending.

    Running it twice sends once: the claim lets one run through and the other finds nothing due.
    """
    delivery = deliver(delivery_id, now=timezone.now())
    if delivery is not None and delivery.status == DeliveryStatus.PENDING:
        assert delivery.next_attempt_at is not None  # A pending delivery always has one.
        wait = (delivery.next_attempt_at - timezone.now()).total_seconds()
        deliver_webhook_task.apply_async((delivery_id,), countdown=max(wait, 0))


def enqueue_deliveries(delivery_ids: list[int]) -> None:
    """Queue the deliveries (call on commit). A broker failure is logged, not raised: the rows
    are pending in the database and ``send_due_webhook_deliveries_task`` queues them later."""
    for delivery_id in delivery_ids:
        enqueue(deliver_webhook_task, delivery_id)


@shared_task(acks_late=True)
def send_due_webhook_deliveries_task() -> int:
    """Queue pending deliveries left behind: due for over a minute and unclaimed (broker down,
    worker killed). Running it twice is harmless: each delivery's claim lets one attempt through.
    Returns how many it queued.
    """
    now = timezone.now()
    late = WebhookDelivery.objects.due(now).filter(next_attempt_at__lt=now - SWEEP_AFTER)
    delivery_ids = list(
        late.order_by("next_attempt_at").values_list("pk", flat=True)[:SWEEP_BATCH_SIZE]
    )
    enqueue_deliveries(delivery_ids)
    return len(delivery_ids)
