"""Delivering to a real HTTP receiver on loopback, one attempt at a time, with time passed in."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from standardwebhooks.webhooks import Webhook as StandardWebhook
from standardwebhooks.webhooks import WebhookVerificationError

from delivery.models import Delivery, DeliveryStatus
from delivery.pipeline import deliver, restart
from events.catalogue import EventType
from tests.webhooks.conftest import make_event, make_webhook
from webhooks.handlers import enqueue_webhook_deliveries
from webhooks.requests import signed_request

pytestmark = pytest.mark.django_db


def queued_delivery(service, actor=None, event_type=EventType.ACTION_CREATED, **data):
    event = make_event(service, event_type, actor=actor, **data)
    (delivery,) = enqueue_webhook_deliveries(event)
    return delivery


def test_an_event_is_posted_with_a_valid_signature_and_its_facts(webhook, receiver, manager):
    delivery = queued_delivery(webhook.service, actor=manager, old="green", new="red")
    now = timezone.now()

    deliver(delivery.pk, now=now)

    (request,) = receiver.received
    assert request.signature_valid
    assert request.payload == {
        "id": delivery.event_id,
        "type": "action.created",
        "occurred_at": delivery.event.occurred_at.isoformat(),
        "service": {"id": webhook.service_id, "name": "Medway Youth Justice Service"},
        "actor": {"id": manager.pk, "username": "manager"},
        "subject": {"type": "action", "id": delivery.event.subject_id},
        "data": {"old": "green", "new": "red"},
    }
    headers = {name.lower(): value for name, value in request.headers.items()}
    assert headers["webhook-id"] == f"msg_{delivery.event_id}"
    assert headers["webhook-timestamp"] == str(int(now.timestamp()))
    assert headers["webhook-signature"].startswith("v1,")
    assert headers["x-yjtracker-event-type"] == "action.created"
    assert headers["x-yjtracker-delivery"] == str(delivery.pk)
    assert headers["content-type"] == "application/json"


def test_a_success_is_recorded_with_its_attempt(webhook, receiver):
    delivery = queued_delivery(webhook.service)

    deliver(delivery.pk, now=timezone.now())

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT
    assert (delivery.attempts, delivery.last_status_code) == (1, 200)
    assert delivery.sent_at is not None and delivery.claimed_at is None
    (attempt,) = delivery.attempt_log.all()
    assert attempt.response_status == 200
    assert attempt.response_body == "answered 200"
    assert attempt.request_body == receiver.received[0].body.decode()
    assert attempt.request_headers["X-Yjtracker-Delivery"] == str(delivery.pk)
    assert attempt.destination == webhook.url and attempt.error == ""


def test_a_server_error_is_retried_after_the_backoff_and_then_succeeds(webhook, receiver):
    receiver.respond_with(500, 200)
    delivery = queued_delivery(webhook.service)
    now = timezone.now()

    deliver(delivery.pk, now=now)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.PENDING
    assert delivery.last_status_code == 500
    assert now + timedelta(seconds=60) <= delivery.next_attempt_at < now + timedelta(seconds=62)

    assert deliver(delivery.pk, now=now + timedelta(seconds=30)) is None, "not due yet"
    deliver(delivery.pk, now=delivery.next_attempt_at)

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT
    assert delivery.attempts == 2
    statuses = sorted(delivery.attempt_log.values_list("response_status", flat=True))
    assert statuses == [200, 500]
    assert len(receiver.received) == 2
    assert all(request.signature_valid for request in receiver.received)


@pytest.mark.parametrize("status", [400, 401, 404, 410, 422])
def test_a_client_error_fails_at_once_and_is_not_retried(webhook, receiver, status):
    receiver.respond_with(status)
    delivery = queued_delivery(webhook.service)
    now = timezone.now()

    deliver(delivery.pk, now=now)

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED
    assert (delivery.attempts, delivery.last_status_code) == (1, status)
    assert deliver(delivery.pk, now=now + timedelta(days=1)) is None
    assert len(receiver.received) == 1


def test_a_redirect_is_not_followed_and_fails(webhook, receiver):
    receiver.respond_with(302)
    delivery = queued_delivery(webhook.service)

    deliver(delivery.pk, now=timezone.now())

    delivery.refresh_from_db()
    assert (delivery.status, delivery.last_status_code) == (DeliveryStatus.FAILED, 302)
    assert len(receiver.received) == 1


def test_a_refused_connection_is_retried_until_the_attempts_run_out(
    service, refused_url, webhook_settings
):
    make_webhook(service, refused_url)
    delivery = queued_delivery(service)
    now = timezone.now()

    for _ in range(webhook_settings.DELIVERY_MAX_ATTEMPTS):
        delivery.refresh_from_db()
        deliver(delivery.pk, now=max(now, delivery.next_attempt_at))

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.GAVE_UP
    assert delivery.attempts == 3 and delivery.last_status_code is None
    errors = list(delivery.attempt_log.values_list("error", flat=True))
    assert len(errors) == 3
    assert all("Connection refused" in error for error in errors)


def test_a_refused_connection_then_a_listening_receiver_succeeds(
    service, refused_url, receiver, webhook_settings
):
    webhook = make_webhook(service, refused_url)
    receiver.secret = webhook.secret
    delivery = queued_delivery(service)

    deliver(delivery.pk, now=timezone.now())
    webhook.url = receiver.url
    webhook.save()
    delivery.refresh_from_db()
    deliver(delivery.pk, now=delivery.next_attempt_at)

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT and delivery.attempts == 2
    assert receiver.received[0].signature_valid


def test_a_receiver_slower_than_the_timeout_counts_as_a_network_error(
    webhook, receiver, webhook_settings
):
    webhook_settings.WEBHOOK_TIMEOUT_SECONDS = 0.5
    receiver.delay_seconds = 1
    delivery = queued_delivery(webhook.service)

    deliver(delivery.pk, now=timezone.now())

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.PENDING
    assert "timed out" in delivery.attempt_log.get().error


def test_a_claimed_delivery_cannot_be_claimed_again_until_its_lease_ends(webhook):
    delivery = queued_delivery(webhook.service)
    now = timezone.now()

    assert Delivery.objects.claim(delivery.pk, now=now)
    assert not Delivery.objects.claim(delivery.pk, now=now + timedelta(seconds=30))
    assert Delivery.objects.claim(delivery.pk, now=now + timedelta(minutes=10))


def test_delivering_twice_sends_once(webhook, receiver):
    delivery = queued_delivery(webhook.service)
    now = timezone.now()

    deliver(delivery.pk, now=now)
    deliver(delivery.pk, now=now)

    assert len(receiver.received) == 1
    assert Delivery.objects.get().attempts == 1


def test_an_inactive_webhook_is_not_sent_to_and_its_delivery_is_cancelled(webhook, receiver):
    delivery = queued_delivery(webhook.service)
    webhook.active = False
    webhook.save()

    deliver(delivery.pk, now=timezone.now())

    assert receiver.received == []
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.CANCELLED
    assert delivery.last_error == "The webhook is off."
    assert not delivery.attempt_log.exists()


def test_a_failed_delivery_can_be_sent_again_by_hand(webhook, receiver):
    receiver.respond_with(410, 200)
    delivery = queued_delivery(webhook.service)
    now = timezone.now()
    deliver(delivery.pk, now=now)

    assert restart([delivery.pk], now=now) == [delivery.pk]
    deliver(delivery.pk, now=now)

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT
    assert delivery.attempts == 1, "a re-send starts a fresh allowance of attempts"
    assert delivery.attempt_log.count() == 2, "the earlier attempt stays in the log"
    assert [r.payload["id"] for r in receiver.received] == [delivery.event_id] * 2


def test_a_pending_delivery_is_not_restarted(webhook):
    delivery = queued_delivery(webhook.service)
    assert restart([delivery.pk], now=timezone.now()) == []


def test_a_delivery_verifies_with_the_official_library_exactly_as_a_receiver_would(webhook):
    delivery = queued_delivery(webhook.service)
    now = timezone.now()
    request = signed_request(delivery, timestamp=int(now.timestamp()))

    with time_machine.travel(now, tick=False):
        payload = StandardWebhook(webhook.secret).verify(request.body, request.headers)

    assert payload["id"] == delivery.event_id


def test_the_official_library_refuses_a_delivery_whose_body_was_altered(webhook):
    delivery = queued_delivery(webhook.service)
    now = timezone.now()
    request = signed_request(delivery, timestamp=int(now.timestamp()))

    with time_machine.travel(now, tick=False), pytest.raises(WebhookVerificationError):
        StandardWebhook(webhook.secret).verify(request.body + b" ", request.headers)


def test_every_attempt_of_a_delivery_carries_the_same_message_id(webhook):
    delivery = queued_delivery(webhook.service)
    first = signed_request(delivery, timestamp=1_700_000_000)
    retry = signed_request(delivery, timestamp=1_700_000_060)

    assert first.headers["webhook-id"] == retry.headers["webhook-id"]
    assert first.headers["webhook-signature"] != retry.headers["webhook-signature"]
