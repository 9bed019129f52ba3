"""Faults with real parts: an SMTP server that is down for a while, one that answers DATA too
late, and a Redis that hangs during an API write. A real worker, PostgreSQL and Redis."""

import asyncio
import subprocess
import time
from datetime import timedelta
from email import message_from_bytes

import pytest
from aiosmtpd.controller import Controller
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from delivery.models import Channel, Delivery, DeliveryStatus
from delivery.tasks import schedule_delivery
from events.catalogue import EventType
from events.claims import SWEEP_AFTER
from events.dispatch import dispatch_event
from events.models import DispatchStatus, DomainEvent
from notifications.payloads import action_facts
from tests.delivery.conftest import (
    OUTAGE_DB,
    WORKER_DB,
    main_redis,
    needs_postgres_and_redis,
    producing_to,
)
from tests.factories import ActionFactory
from tests.support import Inbox, free_port, wait_until

pytestmark = [
    pytest.mark.worker,
    pytest.mark.postgres,
    needs_postgres_and_redis,
    pytest.mark.django_db(transaction=True),
]

# Retries a second apart, so the test sees several within its time.
FAST_RETRIES = {"DELIVERY_RETRY_BASE_SECONDS": "1", "DELIVERY_RETRY_MAX_SECONDS": "2"}


def reminder_for(action, owner, period: str) -> Delivery:
    return Delivery.objects.create(
        kind="reminder",
        recipient=owner,
        service=action.service,
        subject_type="action",
        subject_id=action.pk,
        period=period,
        context={**action_facts(action), "days": 3},
    )


def test_emails_written_while_smtp_is_down_each_arrive_once_when_it_returns(
    service, plan_owner, start_worker_process
):
    port = free_port()  # nothing listens here yet: every connection is refused
    action = ActionFactory(recommendation__inspection__service=service, owner=plan_owner)
    broker = main_redis(WORKER_DB)
    worker = start_worker_process(
        broker, port, env={**FAST_RETRIES, "EMAIL_BACKEND": "notifications.smtp.LedgerEmailBackend"}
    )
    with producing_to(broker, worker.queue):
        rows = [reminder_for(action, plan_owner, f"outage-{n}") for n in range(3)]
        for row in rows:
            schedule_delivery(row.pk, Channel.EMAIL)
        wait_until(
            lambda: all(row.attempt_log.count() >= 2 for row in rows), what="failed attempts"
        )
        assert set(Delivery.objects.values_list("status", flat=True)) <= {
            DeliveryStatus.PENDING,
            DeliveryStatus.SENDING,
        }
        inbox = Inbox()
        controller = Controller(inbox, hostname="127.0.0.1", port=port)
        controller.start()  # the server comes back
        try:
            wait_until(lambda: len(inbox.messages) == 3, timeout=30, what="the three emails")
            wait_until(
                lambda: not Delivery.objects.exclude(status=DeliveryStatus.SENT).exists(),
                what="the ledger to say sent",
            )
            time.sleep(3)  # time for a duplicate to arrive, if one were coming
        finally:
            controller.stop()
    ids = sorted(message["X-Yjtracker-Delivery"] for message in inbox.messages)
    assert ids == sorted(str(row.pk) for row in rows), "each email arrived exactly once"


class SlowToAnswer(Inbox):
    """Stores every message, then answers DATA after ``delay`` seconds."""

    def __init__(self, delay: float) -> None:
        super().__init__()
        self.delay = delay

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(message_from_bytes(envelope.content))
        await asyncio.sleep(self.delay)
        return "250 Message accepted"


def test_an_answer_to_data_that_times_out_is_recorded_as_uncertain_and_not_resent(
    service, plan_owner, start_worker_process
):
    inbox = SlowToAnswer(delay=4)
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    action = ActionFactory(recommendation__inspection__service=service, owner=plan_owner)
    broker = main_redis(WORKER_DB)
    environment = {**FAST_RETRIES, "EMAIL_TIMEOUT": "2"}
    environment["EMAIL_BACKEND"] = "notifications.smtp.LedgerEmailBackend"
    worker = start_worker_process(broker, controller.port, env=environment)
    try:
        with producing_to(broker, worker.queue):
            row = reminder_for(action, plan_owner, "slow-data")
            schedule_delivery(row.pk, Channel.EMAIL)
            wait_until(
                lambda: Delivery.objects.get(pk=row.pk).status == DeliveryStatus.UNCERTAIN,
                what="the row to be marked uncertain",
            )
            time.sleep(6)  # a retry would have come by now
    finally:
        controller.stop()
    assert len(inbox.messages) == 1, "the email was not sent a second time"
    row.refresh_from_db()
    assert row.attempts == 1 and "timed out" in row.last_error.lower()
    assert inbox.messages[0]["Message-ID"] == f"<delivery.{row.pk}@testserver>"


def test_a_hung_broker_does_not_fail_a_committed_api_write(service, plan_owner, private_redis):
    action = ActionFactory(recommendation__inspection__service=service, owner=plan_owner)
    token = Token.objects.create(user=plan_owner)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    broker = private_redis.url(OUTAGE_DB)
    redis_cli = ["redis-cli", "-p", str(private_redis.port)]
    with producing_to(broker, "yjtracker-test-paused-"):
        # Paused for longer than the request may take; redis-cli's UNPAUSE waits the pause out.
        subprocess.run([*redis_cli, "CLIENT", "PAUSE", "15000", "ALL"], check=True)
        started = time.monotonic()
        response = client.post(
            f"/api/v1/actions/{action.pk}/progress-updates/",
            {"narrative": "Recruited two mentors.", "assessed_rag": "green"},
            format="json",
        )
        took = time.monotonic() - started
        subprocess.run([*redis_cli, "CLIENT", "UNPAUSE"], check=False)
    assert response.status_code == 201, response.content
    assert took < 10, f"the request waited {took:.1f} s for the broker"
    event = DomainEvent.objects.get(type=EventType.PROGRESS_RECORDED)
    assert event.dispatch_status == DispatchStatus.PENDING  # the sweep will queue it
    assert event.pk in DomainEvent.objects.left_behind_ids(
        timezone.now() + SWEEP_AFTER + timedelta(seconds=1)
    )
    assert dispatch_event(event.pk) == "done", "handled once the sweep queues it"
