"""Turning every dispatched event into deliveries to the webhooks that want it."""

from django.db import transaction

from events.catalogue import EventType
from events.models import DomainEvent
from events.registry import handles
from webhooks.choices import DeliveryStatus
from webhooks.models import Webhook, WebhookDelivery
from webhooks.tasks import enqueue_deliveries


@handles(*EventType.values)
def enqueue_webhook_deliveries(event: DomainEvent) -> list[WebhookDelivery]:
    """Queue one delivery per active webhook of the event's service that wants its type.

    Idempotent: a second run finds the deliveries (unique per webhook and event) and creates
    none; the sends are queued on commit, and each delivery's claim makes a repeat harmless.
    Three queries however many webhooks. Webhooks registered after the event get nothing.
    """
    webhooks = subscribers(event)
    if not webhooks:
        return []
    WebhookDelivery.objects.bulk_create(
        [WebhookDelivery(webhook=webhook, event=event) for webhook in webhooks],
        ignore_conflicts=True,
    )
    deliveries = list(WebhookDelivery.objects.filter(event=event, webhook__in=webhooks))
    pending = [d.pk for d in deliveries if d.status == DeliveryStatus.PENDING]
    if pending:
        transaction.on_commit(lambda: enqueue_deliveries(pending), robust=True)
    return deliveries


def subscribers(event: DomainEvent) -> list[Webhook]:
    """The active webhooks of the event's service, registered before it, that want its type."""
    if event.service_id is None:
        return []
    webhooks = Webhook.objects.active().in_service(event.service_id)
    webhooks = webhooks.filter(created_at__lte=event.occurred_at)
    return [webhook for webhook in webhooks if webhook.wants(event.type)]
