"""A real webhook receiver on loopback that checks signatures as a council's would (with the
official Standard Webhooks library), and a webhook of the ``service`` fixture pointing at it."""

import json
import socket
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from standardwebhooks.webhooks import Webhook as StandardWebhook
from standardwebhooks.webhooks import WebhookVerificationError

from delivery.models import Webhook
from events.catalogue import EventType
from events.outbox import record_event
from tests.factories import ActionFactory
from tests.support import free_port


@dataclass
class Received:
    headers: dict[str, str]
    body: bytes
    signature_valid: bool

    @property
    def payload(self) -> dict:
        return json.loads(self.body)


@dataclass
class Receiver:
    """Answers each POST with the next queued status (200 when none) and records what came."""

    url: str = ""
    secret: str = ""
    statuses: deque = field(default_factory=deque)
    delay_seconds: float = 0
    received: list[Received] = field(default_factory=list)
    arrived: threading.Condition = field(default_factory=threading.Condition)

    def respond_with(self, *statuses: int) -> None:
        self.statuses.extend(statuses)

    def wait_for(self, count: int, timeout: float = 15) -> list[Received]:
        """Block until ``count`` requests have arrived (fails the test after ``timeout``)."""
        with self.arrived:
            assert self.arrived.wait_for(lambda: len(self.received) >= count, timeout), (
                f"{len(self.received)} of {count} requests arrived"
            )
        return self.received

    def record(self, headers, body: bytes) -> int:
        try:
            StandardWebhook(self.secret).verify(body, dict(headers))
            valid = True
        except (WebhookVerificationError, ValueError):
            # ValueError: the library's own parsing (base64, "v1,<sig>") gave up; a refusal too.
            valid = False
        status = self.statuses.popleft() if self.statuses else 200
        with self.arrived:
            self.received.append(Received(dict(headers), body, valid))
            self.arrived.notify_all()
        return status


def _handler_for(receiver: Receiver):
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            time.sleep(receiver.delay_seconds)
            status = receiver.record(self.headers, body)
            try:
                self.send_response(status)
                self.send_header("Content-Type", "text/plain")
                self.end_headers()
                self.wfile.write(f"answered {status}".encode())
            except OSError:
                pass  # The sender gave up waiting (the timeout test); nothing to answer.

        def log_message(self, *args):
            pass

    return Handler


@pytest.fixture
def receiver():
    receiver = Receiver()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(receiver))
    server.daemon_threads = True
    receiver.url = f"http://127.0.0.1:{server.server_address[1]}/hooks/yjtracker"
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield receiver
    server.shutdown()
    server.server_close()


@pytest.fixture
def refused_url():
    """A loopback URL where nothing listens: connecting is refused."""
    port = free_port()
    return f"http://127.0.0.1:{port}/hooks"


@pytest.fixture
def webhook_settings(settings):
    settings.WEBHOOK_ALLOW_HTTP = True
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = True  # The receiver listens on loopback.
    settings.WEBHOOK_TIMEOUT_SECONDS = 2
    settings.DELIVERY_MAX_ATTEMPTS = 3
    settings.DELIVERY_RETRY_BASE_SECONDS = 60
    settings.DELIVERY_RETRY_MAX_SECONDS = 3600
    return settings


def make_webhook(service, url, **fields) -> Webhook:
    webhook = Webhook(service=service, name="Council performance system", url=url, **fields)
    webhook.full_clean()
    webhook.save()
    return webhook


@pytest.fixture
def webhook(service, receiver, manager, webhook_settings):
    webhook = make_webhook(service, receiver.url, created_by=manager)
    receiver.secret = webhook.secret
    return webhook


def action_in(service, **fields):
    return ActionFactory(recommendation__inspection__service=service, **fields)


def make_event(service, event_type=EventType.ACTION_CREATED, actor=None, **data):
    """A committed-style event of ``service`` about one of its actions."""
    action = action_in(service)
    return record_event(event_type, subject=action, actor=actor, service=service, data=data)


@pytest.fixture
def no_outside_connections(monkeypatch):
    """Connections to anything but IPv4 loopback are refused (and listed) instead of made."""
    attempted: list[str] = []
    real = socket.create_connection

    def create_connection(address, *args, **kwargs):
        if not str(address[0]).startswith("127."):
            attempted.append(str(address[0]))
            raise ConnectionRefusedError(f"test: no connection to {address[0]}")
        return real(address, *args, **kwargs)

    monkeypatch.setattr(socket, "create_connection", create_connection)
    return attempted
