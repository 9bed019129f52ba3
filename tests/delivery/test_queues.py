"""A slow webhook receiver never delays an email: three queues, one worker as `make run` starts it.

The worker consumes ``events``, ``email`` and ``webhooks`` with two processes (the Procfile's and
the image's default), on PostgreSQL, Redis and a real SMTP server; the receiver answers after 10 s.
"""

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from delivery.models import Channel, Delivery, Webhook
from delivery.tasks import schedule_delivery
from events.catalogue import EventType
from events.outbox import record_event
from notifications.payloads import action_facts
from tests.delivery.conftest import (
    WORKER_DB,
    main_redis,
    needs_postgres_and_redis,
    producing_to,
)
from tests.factories import ActionFactory
from tests.support import wait_until

pytestmark = [
    pytest.mark.worker,
    pytest.mark.postgres,
    needs_postgres_and_redis,
    pytest.mark.django_db(transaction=True),
]
RECEIVER_DELAY_SECONDS = 10


@pytest.fixture
def slow_receiver():
    """A loopback webhook receiver that answers each POST after 10 s; records when each came."""
    arrived: list[float] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            arrived.append(time.monotonic())
            time.sleep(RECEIVER_DELAY_SECONDS)
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/hooks", arrived
    server.shutdown()
    server.server_close()


def test_an_email_is_not_held_up_by_a_slow_webhook_receiver(
    service, plan_owner, settings, smtp_server, slow_receiver, start_worker_process
):
    url, arrived = slow_receiver
    settings.WEBHOOK_ALLOW_HTTP = settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = True
    Webhook.objects.create(service=service, name="Slow receiver", url=url)
    action = ActionFactory(recommendation__inspection__service=service, owner=plan_owner)
    worker_env = {"WEBHOOK_ALLOW_HTTP": "true", "WEBHOOK_ALLOW_PRIVATE_ADDRESSES": "true"}
    worker_env["WEBHOOK_TIMEOUT_SECONDS"] = "30"
    broker = main_redis(WORKER_DB)
    worker = start_worker_process(
        broker, smtp_server.port, pool=("--concurrency", "2"), env=worker_env
    )
    with producing_to(broker, worker.queue):
        record_event(EventType.ACTION_CHANGED, subject=action, service=service, data={})
        wait_until(lambda: arrived, what="the webhook request to reach the slow receiver")
        webhook_started = arrived[0]
        email = Delivery.objects.create(
            kind="reminder",
            recipient=plan_owner,
            service=service,
            subject_type="action",
            subject_id=action.pk,
            period="queues-test",
            context={**action_facts(action), "days": 3},
        )
        schedule_delivery(email.pk, Channel.EMAIL)
    wait_until(lambda: smtp_server.to(plan_owner.email), timeout=20, what="the email")
    email_took = time.monotonic() - webhook_started
    assert email_took < RECEIVER_DELAY_SECONDS / 2, f"the email waited {email_took:.1f} s"
    assert time.monotonic() - webhook_started < RECEIVER_DELAY_SECONDS  # still being answered
