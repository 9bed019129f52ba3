"""The whole path with a real Celery worker: an operation commits, its event is dispatched off
the outbox, the webhook handler queues a delivery, the worker POSTs it to a loopback receiver.

The worker runs in a thread of this process on the configured broker (Redis when
``CELERY_BROKER_URL`` is set, e.g. ``redis://127.0.0.1:6379/6``), so a developer's running worker
never takes these tasks. They run on PostgreSQL only (see the skip below).
"""

import uuid
from datetime import timedelta

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from actions.models import Action
from actions.operations.actions import save_action
from delivery.models import Delivery, DeliveryStatus
from events.catalogue import EventType
from events.models import DomainEvent
from tests.delivery.conftest import producing_to
from tests.factories import RecommendationFactory, manager_of
from tests.support import wait_until
from tests.webhooks.conftest import make_webhook
from yjtracker.celery import app

pytestmark = [
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True),
    # The worker thread and this test share SQLite's in-memory test database, whose shared cache
    # locks whole tables: the worker's status write can fail with "table is locked" while the
    # test polls. CI's PostgreSQL + Redis pass runs these.
    pytest.mark.skipif(
        connection.vendor == "sqlite",
        reason="a worker thread on in-memory SQLite races the test's reads (runs on PostgreSQL)",
    ),
]


@pytest.fixture(scope="module")
def worker():
    app.loader.import_default_modules()
    # This module's own three queues (events, email, webhooks, as `make run` consumes them), so
    # the worker never takes messages other tests left on the broker's default queues.
    prefix = f"yjtracker-test-{uuid.uuid4().hex[:8]}-"
    queues = [f"{prefix}{role}" for role in ("events", "email", "webhooks")]
    with (
        producing_to(settings.CELERY_BROKER_URL, prefix),
        start_worker(
            app, pool="solo", perform_ping_check=False, shutdown_timeout=10, queues=queues
        ) as worker,
    ):
        yield worker


@pytest.fixture
def created_actions_webhook(service, receiver, webhook_settings):
    """A webhook wanting only ``action.created``: one change, one request."""
    webhook = make_webhook(service, receiver.url, event_types=[EventType.ACTION_CREATED])
    receiver.secret = webhook.secret
    return webhook


def create_action(service, owner, title="Introduce ACORN recording") -> Action:
    recommendation = RecommendationFactory(inspection__service=service)
    action = Action(
        recommendation=recommendation,
        reference="1a",
        title=title,
        owner=owner,
        due_on=timezone.localdate() + timedelta(days=60),
    )
    # Added by the service's manager (only managers add actions), owned by ``owner``.
    return save_action(action=action, actor=manager_of(service))


def test_a_committed_change_is_delivered_signed_and_a_rolled_back_one_never(
    worker, service, plan_owner, receiver, created_actions_webhook
):
    with pytest.raises(RuntimeError), transaction.atomic():
        create_action(service, plan_owner, title="Rolled back")
        raise RuntimeError("the request failed after the change")
    committed = create_action(service, plan_owner, title="Committed")

    (request,) = receiver.wait_for(1)
    manager = manager_of(service)
    assert request.signature_valid
    assert request.payload["type"] == "action.created"
    assert request.payload["subject"] == {"type": "action", "id": committed.pk}
    assert request.payload["actor"] == {"id": manager.pk, "username": manager.username}
    assert DomainEvent.objects.filter(type=EventType.ACTION_CREATED).count() == 1
    wait_until(lambda: Delivery.objects.get().status == DeliveryStatus.SENT)
    assert len(receiver.received) == 1


def test_the_worker_retries_a_server_error_and_then_succeeds(
    worker, service, plan_owner, receiver, created_actions_webhook, webhook_settings
):
    webhook_settings.DELIVERY_RETRY_BASE_SECONDS = 1
    receiver.respond_with(500, 200)

    create_action(service, plan_owner)

    first, second = receiver.wait_for(2)
    assert first.signature_valid and second.signature_valid
    assert first.payload == second.payload
    wait_until(lambda: Delivery.objects.get().status == DeliveryStatus.SENT)
    delivery = Delivery.objects.get()
    assert delivery.attempts == 2
    assert sorted(delivery.attempt_log.values_list("response_status", flat=True)) == [200, 500]


def test_the_worker_retries_a_refused_connection_until_it_gives_up(
    worker, service, plan_owner, refused_url, webhook_settings
):
    webhook_settings.DELIVERY_RETRY_BASE_SECONDS = 1
    webhook_settings.DELIVERY_MAX_ATTEMPTS = 2
    make_webhook(service, refused_url, event_types=[EventType.ACTION_CREATED])

    create_action(service, plan_owner)

    wait_until(lambda: Delivery.objects.filter(status=DeliveryStatus.GAVE_UP).exists())
    delivery = Delivery.objects.get()
    assert delivery.attempts == 2
    assert all("refused" in e for e in delivery.attempt_log.values_list("error", flat=True))


def test_the_worker_does_not_retry_a_client_error(
    worker, service, plan_owner, receiver, created_actions_webhook, webhook_settings
):
    webhook_settings.DELIVERY_RETRY_BASE_SECONDS = 1
    receiver.respond_with(400)

    create_action(service, plan_owner)

    receiver.wait_for(1)
    wait_until(lambda: Delivery.objects.get().status == DeliveryStatus.FAILED)
    with pytest.raises(AssertionError):
        receiver.wait_for(2, timeout=2.5)
