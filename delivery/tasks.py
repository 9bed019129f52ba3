"""Celery adapters of the delivery pipeline: one task per channel (each on its own queue, so a
slow webhook receiver never holds up email) and the one sweep of everything left behind."""

from datetime import datetime
from functools import partial

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from delivery import pipeline
from delivery.models import Channel, Delivery, DeliveryStatus
from events.claims import SWEEP_BATCH_SIZE
from events.models import DomainEvent
from events.tasks import enqueue, in_batches, schedule_dispatches


def _attempt(task, delivery_id: int) -> str:
    """One attempt; a row still pending afterwards is queued again for its next attempt."""
    delivery = pipeline.deliver(delivery_id, now=timezone.now())
    if delivery is None:
        return "skipped"
    if delivery.status == DeliveryStatus.PENDING:
        enqueue(task, delivery_id, at=delivery.next_attempt_at)
    return delivery.status


@shared_task(acks_late=True)
def send_email_task(delivery_id: int) -> str:
    """Attempt one email. Twice: the claim lets one run through; the other finds it not due."""
    return _attempt(send_email_task, delivery_id)


@shared_task(acks_late=True)
def send_webhook_request_task(delivery_id: int) -> str:
    """Attempt one webhook request. Twice: as ``send_email_task``."""
    return _attempt(send_webhook_request_task, delivery_id)


@shared_task(acks_late=True)
def send_emails_task(delivery_ids: list[int]) -> dict[str, str]:
    """Attempt each email in turn, as ``send_email_task`` attempts one; a row still pending
    afterwards is queued alone for its next attempt. Returns each row's outcome by id.

    Twice: each row is claimed once, so the second run finds every row the first attempted
    settled or not yet due, and sends nothing again.
    """
    return {str(pk): _attempt(send_email_task, pk) for pk in delivery_ids}


TASK_OF_CHANNEL = {Channel.EMAIL: send_email_task, Channel.WEBHOOK: send_webhook_request_task}
# Emails go out many to a message, ``EMAIL_BATCH_SIZE`` rows each (a scan queues tens of
# thousands). Webhook requests stay one to a message: a slow receiver holds up only its own.
BATCH_TASK_OF_CHANNEL = {Channel.EMAIL: send_emails_task}
EMAIL_BATCH_SIZE = 200


def schedule_delivery(delivery_id: int, channel: str) -> None:
    """Queue one ledger row's next attempt; never raises (the sweep is the safety net)."""
    enqueue(TASK_OF_CHANNEL[Channel(channel)], delivery_id)


def deliver_on_commit(delivery_ids, channel: str) -> None:
    """Queue the rows once the current transaction commits (at once outside one)."""
    if delivery_ids:
        transaction.on_commit(partial(schedule_deliveries, list(delivery_ids), channel))


def schedule_deliveries(delivery_ids: list[int], channel: str) -> None:
    """Queue the rows' next attempts: emails one message per ``EMAIL_BATCH_SIZE`` rows, webhook
    requests one message each; never raises (the sweep is the safety net)."""
    batch_task = BATCH_TASK_OF_CHANNEL.get(Channel(channel))
    if batch_task is None:
        for delivery_id in delivery_ids:
            schedule_delivery(delivery_id, channel)
        return
    for batch in in_batches(delivery_ids, EMAIL_BATCH_SIZE):
        enqueue(batch_task, batch)


def _as_of(iso: str | None) -> datetime:
    return datetime.fromisoformat(iso) if iso else timezone.now()


@shared_task(acks_late=True)
def sweep_task(as_of: str | None = None) -> dict[str, int]:
    """Queue events and deliveries left behind (as of ``as_of``, an ISO datetime, default now):
    due for over a minute but not taken (broker down), or claimed past their lease (worker
    killed). Twice: rows queued twice are claimed once, so nothing is handled or sent twice."""
    now = _as_of(as_of)
    event_ids = DomainEvent.objects.left_behind_ids(now)
    left_behind = Delivery.objects.left_behind(now).values_list("pk", "channel")
    deliveries = list(left_behind[:SWEEP_BATCH_SIZE])
    schedule_dispatches(event_ids)
    for channel in Channel:
        schedule_deliveries([pk for pk, of in deliveries if of == channel], channel)
    return {"events": len(event_ids), "deliveries": len(deliveries)}
