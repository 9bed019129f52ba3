"""The admin: managers register their own service's webhooks, read deliveries, re-send by hand."""

import pytest
from django.urls import reverse
from django.utils import timezone

from delivery.models import Delivery, DeliveryStatus, Webhook
from delivery.pipeline import deliver
from delivery.tasks import send_webhook_request_task
from events.catalogue import EventType
from tenancy.choices import ServiceRole
from tests.factories import member
from tests.webhooks.conftest import make_event, make_webhook
from webhooks.handlers import enqueue_webhook_deliveries

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:delivery_webhook_add")
DELIVERIES_URL = reverse("admin:delivery_delivery_changelist")


def change_url(model: str, pk: int) -> str:
    return reverse(f"admin:delivery_{model}_change", args=[pk])


@pytest.fixture
def other_manager(other_service):
    return member(other_service, ServiceRole.SERVICE_MANAGER, username="other_manager")


def test_a_manager_registers_a_webhook_and_sees_its_secret(
    client, manager, service, webhook_settings
):
    webhook_settings.WEBHOOK_ALLOW_HTTP = False
    client.force_login(manager)
    form = {
        "service": service.pk,
        "name": "Performance system",
        "url": "https://performance.example.org/hooks",
        "event_types": [EventType.ACTION_RAG_CHANGED, EventType.ACTION_BECAME_OVERDUE],
        "active": "on",
    }

    response = client.post(ADD_URL, form, follow=True)

    webhook = Webhook.objects.get()
    assert webhook.created_by == manager
    assert webhook.event_types == ["action.rag_changed", "action.became_overdue"]
    assert webhook.secret in response.content.decode(), "the secret is shown once created"
    page = client.get(change_url("webhook", webhook.pk)).content.decode()
    assert webhook.secret in page


def test_the_admin_refuses_plain_http_in_production(client, manager, service, webhook_settings):
    webhook_settings.WEBHOOK_ALLOW_HTTP = False
    client.force_login(manager)
    form = {"service": service.pk, "name": "x", "url": "http://example.org/h", "active": "on"}

    response = client.post(ADD_URL, form)

    assert response.status_code == 200
    assert "must use https" in response.content.decode()
    assert not Webhook.objects.exists()


def test_a_manager_is_offered_only_their_own_services(client, manager, other_service):
    client.force_login(manager)
    choices = client.get(ADD_URL).context["adminform"].form.fields["service"].queryset
    assert list(choices) == [manager.service_memberships.get().service]
    assert other_service not in choices


def test_another_services_manager_cannot_open_or_list_the_webhook(
    client, service, other_manager, webhook_settings
):
    webhook = make_webhook(service, "https://x.example.org/h")
    client.force_login(other_manager)

    assert client.get(change_url("webhook", webhook.pk)).status_code == 302  # "does not exist"
    listing = client.get(reverse("admin:delivery_webhook_changelist"))
    assert list(listing.context["cl"].result_list) == []


def test_a_plan_owner_cannot_manage_webhooks(client, plan_owner):
    client.force_login(plan_owner)
    assert client.get(ADD_URL).status_code == 403


def test_deliveries_and_their_attempts_are_shown_read_only(client, manager, webhook, receiver):
    receiver.respond_with(503)
    (delivery,) = enqueue_webhook_deliveries(make_event(webhook.service))
    deliver(delivery.pk, now=timezone.now())
    client.force_login(manager)

    page = client.get(change_url("delivery", delivery.pk))

    assert page.status_code == 200
    assert "answered 503" in page.content.decode()
    assert not page.context["has_change_permission"]
    attempt = delivery.attempt_log.get()
    assert client.get(change_url("deliveryattempt", attempt.pk)).status_code == 200


def test_a_manager_re_sends_a_failed_delivery_from_the_admin(client, manager, webhook, receiver):
    receiver.respond_with(400, 200)
    (delivery,) = enqueue_webhook_deliveries(make_event(webhook.service))
    deliver(delivery.pk, now=timezone.now())
    client.force_login(manager)

    client.post(DELIVERIES_URL, {"action": "send_again", "_selected_action": [delivery.pk]})
    send_webhook_request_task(delivery.pk)

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT
    assert [r.signature_valid for r in receiver.received] == [True, True]
    assert delivery.attempt_log.count() == 2


def test_another_services_manager_cannot_re_send_or_see_the_delivery(
    client, other_manager, webhook, receiver
):
    receiver.respond_with(400)
    (delivery,) = enqueue_webhook_deliveries(make_event(webhook.service))
    deliver(delivery.pk, now=timezone.now())
    client.force_login(other_manager)

    listing = client.get(DELIVERIES_URL)
    client.post(DELIVERIES_URL, {"action": "send_again", "_selected_action": [delivery.pk]})

    assert list(listing.context["cl"].result_list) == []
    assert Delivery.objects.get().status == DeliveryStatus.FAILED


def test_a_manager_holding_a_lesser_role_elsewhere_sees_only_managed_webhooks(
    client, manager, service, other_service, webhook_settings
):
    member(other_service, ServiceRole.PLAN_OWNER, username="manager")
    mine = make_webhook(service, "https://a.example.org/h")
    theirs = make_webhook(other_service, "https://b.example.org/h")
    client.force_login(manager)

    listing = client.get(reverse("admin:delivery_webhook_changelist"))

    assert list(listing.context["cl"].result_list) == [mine]
    assert client.get(change_url("webhook", theirs.pk)).status_code == 302


def test_the_webhook_list_links_to_its_deliveries(client, manager, webhook, webhook_settings):
    other = make_webhook(webhook.service, "https://b.example.org/h")
    assert len(enqueue_webhook_deliveries(make_event(webhook.service))) == 2
    client.force_login(manager)

    listing = client.get(reverse("admin:delivery_webhook_changelist")).content.decode()
    link = f"{DELIVERIES_URL}?webhook__id__exact={other.pk}"
    deliveries = client.get(link)

    assert link in listing
    assert [d.webhook for d in deliveries.context["cl"].result_list] == [other]
