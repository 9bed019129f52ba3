"""Celery adapters of the webhooks app."""

from celery import shared_task
from django.utils import timezone

from webhooks.choices import DeliveryStatus
from webhooks.delivery import deliver
from webhooks.models import WebhookDelivery

# How many left-behind deliveries one sweep re-enqueues.
SWEEP_BATCH_SIZE = 500


@shared_task
def deliver_webhook_task(delivery_id: int) -> None:
    """Attempt one delivery, and enqueue its next attempt if it is still pending.

    Running it twice sends once: the claim lets one run through and the other finds nothing due.
    """
    delivery = deliver(delivery_id, now=timezone.now())
    if delivery is not None and delivery.status == DeliveryStatus.PENDING:
        enqueue_delivery(delivery)


def enqueue_delivery(delivery: WebhookDelivery) -> None:
    """Enqueue the delivery's next attempt for when it is due (call outside a transaction)."""
    wait = (delivery.next_attempt_at - timezone.now()).total_seconds()
    deliver_webhook_task.apply_async((delivery.pk,), countdown=max(wait, 0))


@shared_task
def send_due_webhook_deliveries_task() -> int:
    """Re-enqueue pending deliveries that are due and unclaimed: those whose task was lost
    (broker down, worker killed). Running it twice is harmless: each delivery's claim lets one
    attempt through. Returns how many it enqueued.
    """
    now = timezone.now()
    due = WebhookDelivery.objects.due(now).order_by("next_attempt_at")[:SWEEP_BATCH_SIZE]
    delivery_ids = list(due.values_list("pk", flat=True))
    for delivery_id in delivery_ids:
        deliver_webhook_task.delay(delivery_id)
    return len(delivery_ids)
