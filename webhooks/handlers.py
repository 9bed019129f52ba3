"""Turning every dispatched event into deliveries to the webhooks that want it."""

from delivery.models import Channel, Delivery, DeliveryStatus, Webhook
from delivery.tasks import deliver_on_commit
from events.catalogue import EventType
from events.models import DomainEvent
from events.registry import handles


@handles(*EventType.values)
def enqueue_webhook_deliveries(event: DomainEvent) -> list[Delivery]:
    """Queue one delivery per active webhook of the event's service that wants its type.

    Idempotent: a second run finds the deliveries (unique per webhook and event) and creates
    none; the sends are queued on commit, and each delivery's claim makes a repeat harmless.
    Three queries however many webhooks. Webhooks registered after the event get nothing.
    """
    webhooks = subscribers(event)
    if not webhooks:
        return []
    Delivery.objects.bulk_create(
        [
            Delivery(
                channel=Channel.WEBHOOK,
                kind=event.type,
                service_id=event.service_id,
                webhook=webhook,
                event=event,
                subject_type=event.subject_type,
                subject_id=event.subject_id,
            )
            for webhook in webhooks
        ],
        ignore_conflicts=True,
    )
    deliveries = list(Delivery.objects.filter(event=event, webhook__in=webhooks))
    pending = [d.pk for d in deliveries if d.status == DeliveryStatus.PENDING]
    deliver_on_commit(pending, Channel.WEBHOOK)
    return deliveries


def subscribers(event: DomainEvent) -> list[Webhook]:
    """The active webhooks of the event's service, registered before it, that want its type."""
    if event.service_id is None:
        return []
    webhooks = Webhook.objects.active().in_service(event.service_id)
    webhooks = webhooks.filter(created_at__lte=event.occurred_at)
    return [webhook for webhook in webhooks if webhook.wants(event.type)]
