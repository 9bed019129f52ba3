"""The webhooks API: managers register webhooks and follow deliveries; no one else sees them."""

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from delivery.models import DeliveryStatus, Webhook
from delivery.pipeline import deliver
from events.catalogue import EventType
from tenancy.choices import ServiceRole
from tests.factories import member
from tests.webhooks.conftest import make_event, make_webhook
from webhooks.handlers import enqueue_webhook_deliveries

pytestmark = pytest.mark.django_db

WEBHOOKS = "/api/v1/webhooks/"
DELIVERIES = "/api/v1/webhook-deliveries/"


def client_of(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def other_manager(other_service):
    return member(other_service, ServiceRole.SERVICE_MANAGER, username="other_manager")


def new_webhook(service, **fields):
    return {"service": service.pk, "name": "BI", "url": "https://bi.example.org/h", **fields}


def test_a_manager_registers_a_webhook_and_receives_its_secret(manager, service, webhook_settings):
    webhook_settings.WEBHOOK_ALLOW_HTTP = False
    body = new_webhook(service, event_types=["action.rag_changed"])

    response = client_of(manager).post(WEBHOOKS, body, format="json")

    assert response.status_code == 201, response.data
    webhook = Webhook.objects.get()
    assert response.data["secret"] == webhook.secret
    assert response.data["event_types"] == ["action.rag_changed"]
    assert response.data["created_by"] == "manager"
    assert webhook.created_by == manager


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"url": "http://bi.example.org/h"}, "url"),
        ({"url": "ftp://bi.example.org/h"}, "url"),
        ({"event_types": ["action.exploded"]}, "event_types"),
        ({"event_types": ["action.created", "action.created"]}, "event_types"),
        ({"name": 5}, "name"),
    ],
)
def test_an_invalid_webhook_is_refused_field_by_field(
    manager, service, webhook_settings, fields, field
):
    webhook_settings.WEBHOOK_ALLOW_HTTP = False

    response = client_of(manager).post(WEBHOOKS, new_webhook(service, **fields), format="json")

    assert response.status_code == 400
    assert field in response.data
    assert not Webhook.objects.exists()


def test_a_plan_owner_cannot_register_or_see_webhooks(plan_owner, service, webhook_settings):
    make_webhook(service, "https://bi.example.org/h")
    client = client_of(plan_owner)

    assert client.post(WEBHOOKS, new_webhook(service), format="json").status_code == 403
    assert client.get(WEBHOOKS).data["count"] == 0


def test_another_services_manager_gets_404_and_cannot_register_for_it(
    other_manager, service, webhook_settings
):
    webhook = make_webhook(service, "https://bi.example.org/h")
    client = client_of(other_manager)

    assert client.get(f"{WEBHOOKS}{webhook.pk}/").status_code == 404
    assert client.patch(f"{WEBHOOKS}{webhook.pk}/", {"active": False}).status_code == 404
    response = client.post(WEBHOOKS, new_webhook(service), format="json")
    assert response.status_code == 400 and "service" in response.data


def test_a_manager_holding_a_lesser_role_elsewhere_sees_only_managed_webhooks(
    manager, service, other_service, webhook_settings
):
    member(other_service, ServiceRole.PLAN_OWNER, username="manager")
    mine = make_webhook(service, "https://a.example.org/h")
    make_webhook(other_service, "https://b.example.org/h")

    results = client_of(manager).get(WEBHOOKS).data["results"]

    assert [row["id"] for row in results] == [mine.pk]


def test_a_webhook_keeps_its_service(manager, service, other_service, webhook_settings):
    member(other_service, ServiceRole.SERVICE_MANAGER, username="manager")
    webhook = make_webhook(service, "https://a.example.org/h")

    response = client_of(manager).patch(
        f"{WEBHOOKS}{webhook.pk}/", {"service": other_service.pk, "active": False}, format="json"
    )

    assert response.status_code == 400 and "service" in response.data
    webhook.refresh_from_db()
    assert webhook.service == service and webhook.active


def test_deliveries_are_listed_with_their_attempts_and_filtered(manager, webhook, receiver):
    receiver.respond_with(400)
    (failed,) = enqueue_webhook_deliveries(make_event(webhook.service))
    deliver(failed.pk, now=timezone.now())
    enqueue_webhook_deliveries(make_event(webhook.service, EventType.PROGRESS_RECORDED))
    client = client_of(manager)

    everything = client.get(DELIVERIES).data
    only_failed = client.get(DELIVERIES, {"status": "failed,gave_up"}).data

    assert everything["count"] == 2
    assert [row["id"] for row in only_failed["results"]] == [failed.pk]
    (row,) = only_failed["results"]
    assert row["event_type"] == "action.created"
    assert [a["response_status"] for a in row["attempt_log"]] == [400]


def test_a_failed_delivery_is_re_sent_through_the_api(manager, webhook, receiver):
    receiver.respond_with(503)
    (delivery,) = enqueue_webhook_deliveries(make_event(webhook.service))
    deliver(delivery.pk, now=timezone.now())
    client = client_of(manager)

    still_pending = client.post(f"{DELIVERIES}{delivery.pk}/resend/")
    delivery.status = DeliveryStatus.GAVE_UP
    delivery.save()
    resent = client.post(f"{DELIVERIES}{delivery.pk}/resend/")
    deliver(delivery.pk, now=timezone.now())

    assert still_pending.status_code == 400
    assert resent.status_code == 200 and resent.data["status"] == "pending"
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT
    assert [r.signature_valid for r in receiver.received] == [True, True]


def test_another_services_manager_cannot_see_or_resend_deliveries(other_manager, webhook, receiver):
    receiver.respond_with(400)
    (delivery,) = enqueue_webhook_deliveries(make_event(webhook.service))
    deliver(delivery.pk, now=timezone.now())
    client = client_of(other_manager)

    assert client.get(DELIVERIES).data["count"] == 0
    assert client.post(f"{DELIVERIES}{delivery.pk}/resend/").status_code == 404


def test_the_delivery_list_takes_a_constant_number_of_queries(
    manager, webhook, receiver, django_assert_max_num_queries
):
    for _ in range(3):
        (delivery,) = enqueue_webhook_deliveries(make_event(webhook.service))
        deliver(delivery.pk, now=timezone.now())
    client = client_of(manager)
    with django_assert_max_num_queries(6) as few:
        client.get(DELIVERIES)
    for _ in range(20):
        (delivery,) = enqueue_webhook_deliveries(make_event(webhook.service))
        deliver(delivery.pk, now=timezone.now())
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(DELIVERIES).data["count"] == 23


def test_a_manager_pauses_a_webhook_and_changes_its_events(manager, service, webhook_settings):
    webhook = make_webhook(service, "https://a.example.org/h")

    response = client_of(manager).patch(
        f"{WEBHOOKS}{webhook.pk}/",
        {"active": False, "event_types": ["progress.recorded"]},
        format="json",
    )

    assert response.status_code == 200, response.data
    webhook.refresh_from_db()
    assert not webhook.active and webhook.event_types == ["progress.recorded"]
    assert response.data["secret"] == webhook.secret
