"""Webhooks may not reach the server's own network unless the operator allows it."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from delivery.destinations import is_public, refusal
from delivery.models import DeliveryStatus
from delivery.pipeline import deliver
from tests.webhooks.conftest import make_event, make_webhook
from webhooks.handlers import enqueue_webhook_deliveries


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("93.184.215.14", True),
        ("2606:2800:21f:cb07:6820:80da:af6b:8b2c", True),
        ("127.0.0.1", False),
        ("10.1.2.3", False),
        ("172.16.0.1", False),
        ("192.168.1.1", False),
        ("169.254.169.254", False),
        ("100.64.0.1", False),
        ("0.0.0.0", False),
        ("224.0.0.1", False),
        ("::1", False),
        ("fe80::1%eth0", False),
        ("fd00::1", False),
        ("::ffff:127.0.0.1", False),
        ("::ffff:93.184.215.14", True),
        # IPv6 forms carrying a loopback, private or link-local IPv4 address.
        ("::127.0.0.1", False),
        ("::7f00:1", False),
        ("::a00:1", False),
        ("64:ff9b::7f00:1", False),
        ("64:ff9b::a9fe:a9fe", False),
        ("2002:7f00:1::", False),
        ("2002:c0a8:101::1", False),
        ("2001:0:7f00:1::80ff:fffe", False),
        # The same forms carrying a public IPv4 address are that address.
        ("64:ff9b::5db8:d70e", True),
        ("2002:5db8:d70e::1", True),
    ],
)
def test_only_globally_routable_addresses_are_public(address, public):
    assert is_public(address) is public


@pytest.mark.parametrize(
    "url",
    ["http://127.0.0.1:6379/", "http://localhost/hooks", "http://[::1]/", "http://10.0.0.8/"],
)
def test_urls_resolving_to_private_addresses_are_refused(url):
    assert "private address" in refusal(url)


EMBEDDED_LOOPBACK_URLS = [
    "http://[::127.0.0.1]/hooks",
    "http://[::7f00:1]/hooks",
    "http://[64:ff9b::7f00:1]/hooks",
    "http://[2002:7f00:1::]/hooks",
    "http://[2001:0:7f00:1::80ff:fffe]/hooks",
]


@pytest.mark.django_db
@pytest.mark.parametrize("url", EMBEDDED_LOOPBACK_URLS)
def test_ipv6_forms_of_loopback_are_refused_at_registration(service, webhook_settings, url):
    webhook_settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = False
    with pytest.raises(ValidationError, match="private address"):
        make_webhook(service, url)


@pytest.mark.django_db
@pytest.mark.parametrize("url", EMBEDDED_LOOPBACK_URLS)
def test_ipv6_forms_of_loopback_are_refused_before_each_attempt(
    service, webhook_settings, no_outside_connections, url
):
    make_webhook(service, url)  # Registered while private addresses were allowed.
    (delivery,) = enqueue_webhook_deliveries(make_event(service))
    webhook_settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = False

    deliver(delivery.pk, now=timezone.now())

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED
    assert "private address" in delivery.attempt_log.get().error
    assert no_outside_connections == []


def test_an_unresolvable_host_is_refused():
    assert "could not be resolved" in refusal("https://no-such-host.invalid/hooks")


@pytest.mark.django_db
def test_registering_a_private_destination_is_refused_unless_allowed(service, webhook_settings):
    webhook_settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = False
    with pytest.raises(ValidationError, match="private address"):
        make_webhook(service, "http://127.0.0.1:6379/")
    webhook_settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = True
    assert make_webhook(service, "http://127.0.0.1:6379/").pk


@pytest.mark.django_db
def test_a_delivery_to_a_destination_now_private_fails_without_a_request(
    webhook, receiver, webhook_settings
):
    (delivery,) = enqueue_webhook_deliveries(make_event(webhook.service))
    webhook_settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = False

    deliver(delivery.pk, now=timezone.now())

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED
    assert "private address" in delivery.attempt_log.get().error
    assert receiver.received == []
