"""Which webhooks an event goes to, and that handling it again queues nothing new."""

from datetime import timedelta

import pytest

from delivery.models import Delivery
from events.catalogue import EventType
from events.registry import handlers_for
from tests.webhooks.conftest import make_event, make_webhook
from webhooks.handlers import enqueue_webhook_deliveries

pytestmark = pytest.mark.django_db

URL = "https://performance.example.org/hooks"


def test_the_handler_is_registered_for_every_event_type():
    for event_type in EventType.values:
        assert enqueue_webhook_deliveries in handlers_for(event_type)


def test_handling_an_event_twice_creates_one_delivery(service, webhook_settings):
    webhook = make_webhook(service, URL)
    event = make_event(service)

    enqueue_webhook_deliveries(event)
    enqueue_webhook_deliveries(event)

    assert list(Delivery.objects.values_list("webhook", "event")) == [(webhook.pk, event.pk)]


def test_an_event_of_another_service_is_never_queued_for_this_webhook(
    service, other_service, webhook_settings
):
    make_webhook(service, URL)
    mine = make_webhook(other_service, URL)

    deliveries = enqueue_webhook_deliveries(make_event(other_service))

    assert [d.webhook for d in deliveries] == [mine]


def test_only_subscribed_event_types_are_queued(service, webhook_settings):
    make_webhook(service, URL, event_types=[EventType.ACTION_RAG_CHANGED])

    assert enqueue_webhook_deliveries(make_event(service, EventType.ACTION_CREATED)) == []
    assert len(enqueue_webhook_deliveries(make_event(service, EventType.ACTION_RAG_CHANGED))) == 1


def test_an_empty_subscription_receives_every_type(service, webhook_settings):
    make_webhook(service, URL, event_types=[])
    for event_type in (EventType.ACTION_CREATED, EventType.INSPECTION_PUBLISHED):
        assert len(enqueue_webhook_deliveries(make_event(service, event_type))) == 1


def test_inactive_webhooks_and_webhooks_registered_later_receive_nothing(service, webhook_settings):
    make_webhook(service, URL, active=False)
    event = make_event(service)
    later = make_webhook(service, URL)
    later.created_at = event.occurred_at + timedelta(seconds=1)
    later.save()

    assert enqueue_webhook_deliveries(event) == []


def test_an_event_without_a_service_is_not_queued(service, webhook_settings):
    make_webhook(service, URL)
    event = make_event(service)
    event.service = None

    assert enqueue_webhook_deliveries(event) == []


def test_the_send_is_enqueued_only_when_the_handling_commits(
    service, webhook_settings, django_capture_on_commit_callbacks
):
    make_webhook(service, URL)
    make_webhook(service, URL + "/second")
    event = make_event(service)

    with django_capture_on_commit_callbacks() as callbacks:
        enqueue_webhook_deliveries(event)

    assert len(callbacks) == 1, "one callback enqueues both deliveries after commit"
    assert Delivery.objects.count() == 2


def test_handling_an_event_takes_three_queries_whatever_the_number_of_webhooks(
    service, webhook_settings, django_assert_num_queries
):
    for number in range(5):
        make_webhook(service, f"{URL}/{number}")
    event = make_event(service)

    with django_assert_num_queries(3):
        deliveries = enqueue_webhook_deliveries(event)

    assert len(deliveries) == 5
