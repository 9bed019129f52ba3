"""The address checked is the address connected to: DNS rebinding reaches nothing internal.

The host name below never reaches a real resolver: ``socket.getaddrinfo`` is replaced for it,
answering the given addresses in turn (the last one for every later question).
"""

import socket
from urllib.parse import urlsplit

import pytest
from django.utils import timezone

from delivery.models import DeliveryStatus
from delivery.pipeline import deliver
from tests.webhooks.conftest import make_event, make_webhook
from webhooks.handlers import enqueue_webhook_deliveries

pytestmark = pytest.mark.django_db

REBINDING_HOST = "hooks.rebinding.test"
PUBLIC = "93.184.215.14"


@pytest.fixture
def dns(monkeypatch):
    """``dns.answer(*addresses)`` sets what ``REBINDING_HOST`` resolves to, question by question;
    ``dns.questions`` counts the questions asked about it."""

    class Resolver:
        answers: list[str] = []
        questions = 0

        def answer(self, *addresses: str) -> None:
            self.answers = list(addresses)

        def getaddrinfo(self, host, port, *args, **kwargs):
            if host != REBINDING_HOST:
                return real(host, port, *args, **kwargs)
            address = self.answers[min(self.questions, len(self.answers) - 1)]
            self.questions += 1
            return [(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", (address, port))]

    real = socket.getaddrinfo
    resolver = Resolver()
    monkeypatch.setattr(socket, "getaddrinfo", resolver.getaddrinfo)
    return resolver


def rebinding_url(receiver) -> str:
    """The receiver's URL with its address replaced by ``REBINDING_HOST``."""
    return receiver.url.replace("127.0.0.1", REBINDING_HOST)


def test_a_name_answering_public_then_loopback_reaches_no_loopback_receiver(
    service, receiver, webhook_settings, dns, no_outside_connections
):
    webhook = make_webhook(service, rebinding_url(receiver))
    receiver.secret = webhook.secret
    (delivery,) = enqueue_webhook_deliveries(make_event(service))
    webhook_settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = False
    dns.answer(PUBLIC, "127.0.0.1")

    deliver(delivery.pk, now=timezone.now())

    assert receiver.received == []
    assert dns.questions == 1
    assert no_outside_connections == [PUBLIC], "the connection went to the checked address"
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.PENDING  # A refused connection: retried later.
    assert "answered" not in delivery.attempt_log.get().response_body


def test_the_connection_goes_to_the_resolved_address_with_the_host_name_in_the_request(
    service, receiver, webhook_settings, dns
):
    webhook = make_webhook(service, rebinding_url(receiver))
    receiver.secret = webhook.secret
    (delivery,) = enqueue_webhook_deliveries(make_event(service))
    # Nothing listens on 127.0.0.2: a second resolution would be refused.
    dns.answer("127.0.0.1", "127.0.0.2")

    deliver(delivery.pk, now=timezone.now())

    (request,) = receiver.received
    assert request.signature_valid
    assert request.headers["Host"] == urlsplit(rebinding_url(receiver)).netloc
    assert dns.questions == 1
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT


def test_a_name_now_answering_loopback_is_refused_before_connecting(
    service, receiver, webhook_settings, dns, no_outside_connections
):
    dns.answer(PUBLIC, "127.0.0.1")
    webhook_settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = False
    make_webhook(service, rebinding_url(receiver))  # Checked against the public answer.
    (delivery,) = enqueue_webhook_deliveries(make_event(service))

    deliver(delivery.pk, now=timezone.now())

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED
    assert "private address (127.0.0.1)" in delivery.attempt_log.get().error
    assert receiver.received == [] and no_outside_connections == []
