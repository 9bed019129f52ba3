"""The sweeper: deliveries whose task was lost are queued again, once, and only when late."""

from datetime import timedelta

import pytest
from django.utils import timezone

from core.jobs import run_job
from delivery.models import Delivery, DeliveryStatus
from delivery.tasks import send_webhook_request_task, sweep_task
from tests.webhooks.conftest import make_event
from webhooks.handlers import enqueue_webhook_deliveries

pytestmark = pytest.mark.django_db


def lost_delivery(webhook, late_by: timedelta) -> Delivery:
    # In a test transaction the on-commit enqueue never runs: the task is "lost".
    (delivery,) = enqueue_webhook_deliveries(make_event(webhook.service))
    delivery.next_attempt_at = timezone.now() - late_by
    delivery.save()
    return delivery


def test_the_sweeper_sends_a_delivery_whose_task_was_lost(webhook, receiver, inline_tasks):
    delivery = lost_delivery(webhook, late_by=timedelta(minutes=5))

    assert sweep_task()["deliveries"] == 1
    assert sweep_task()["deliveries"] == 0

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT
    assert len(receiver.received) == 1 and receiver.received[0].signature_valid


def test_the_sweeper_leaves_deliveries_just_due_or_held_by_a_worker(webhook, inline_tasks):
    lost_delivery(webhook, late_by=timedelta(seconds=10))
    held = lost_delivery(webhook, late_by=timedelta(minutes=5))
    held.status, held.claimed_at = DeliveryStatus.SENDING, timezone.now()
    held.save()

    assert sweep_task()["deliveries"] == 0


def test_running_the_delivery_task_twice_sends_once(webhook, receiver, inline_tasks):
    (delivery,) = enqueue_webhook_deliveries(make_event(webhook.service))

    send_webhook_request_task.delay(delivery.pk)
    send_webhook_request_task.delay(delivery.pk)

    assert len(receiver.received) == 1


def test_the_sweep_runs_as_a_periodic_job(webhook, receiver):
    lost_delivery(webhook, late_by=timedelta(minutes=5))

    assert run_job("sweep")["deliveries"] == 1

    assert len(receiver.received) == 1
