"""Webhook validation: schemes, https in production, known event types, generated secrets."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from delivery.models import Delivery, Webhook
from tests.webhooks.conftest import make_event, make_webhook

pytestmark = pytest.mark.django_db


def test_a_new_webhook_gets_its_own_secret(service, webhook_settings):
    first = make_webhook(service, "https://a.example.org/hooks")
    second = make_webhook(service, "https://b.example.org/hooks")
    assert first.secret.startswith("whsec_") and len(first.secret) > 40
    assert first.secret != second.secret


@pytest.mark.parametrize(
    "url", ["ftp://example.org/hooks", "file:///etc/passwd", "example.org/hooks", "javascript:x"]
)
def test_only_http_and_https_urls_are_accepted(service, webhook_settings, url):
    with pytest.raises(ValidationError) as error:
        make_webhook(service, url)
    assert "url" in error.value.message_dict


def test_plain_http_is_refused_unless_allowed(service, webhook_settings):
    webhook_settings.WEBHOOK_ALLOW_HTTP = False
    with pytest.raises(ValidationError, match="https"):
        make_webhook(service, "http://performance.example.org/hooks")
    assert make_webhook(service, "https://performance.example.org/hooks").pk


@pytest.mark.parametrize(
    ("event_types", "message"),
    [
        (["action.exploded"], "Unknown event types: action.exploded"),
        (["action.created", "action.created"], "more than once"),
        ("action.created", "list"),
    ],
)
def test_event_types_must_be_a_list_of_known_types(service, webhook_settings, event_types, message):
    with pytest.raises(ValidationError, match=message):
        make_webhook(service, "https://x.example.org", event_types=event_types)


def test_an_event_is_delivered_once_per_webhook(service, webhook_settings):
    webhook = make_webhook(service, "https://x.example.org")
    event = make_event(service)
    fields = {"channel": "webhook", "kind": event.type, "subject_type": "action", "subject_id": 1}
    Delivery.objects.create(webhook=webhook, event=event, **fields)
    with pytest.raises(IntegrityError):
        Delivery.objects.create(webhook=webhook, event=event, **fields)


def test_webhooks_are_visible_only_to_members_of_their_service(
    service, other_service, manager, other_owner, webhook_settings
):
    webhook = make_webhook(service, "https://x.example.org")
    assert list(Webhook.objects.visible_to(manager)) == [webhook]
    assert list(Webhook.objects.visible_to(other_owner)) == []
