"""Two workers holding the same delivery at the same moment: the claim lets exactly one send."""

import threading

import pytest
from django.db import connection
from django.utils import timezone

from delivery.pipeline import deliver
from tests.webhooks.conftest import make_event
from webhooks.handlers import enqueue_webhook_deliveries

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    # SQLite's in-memory test database is shared between threads with table locks that ignore
    # the busy timeout, so racing threads fail with "table is locked" instead of waiting.
    pytest.mark.skipif(
        connection.vendor == "sqlite", reason="needs a database with row locks (PostgreSQL)"
    ),
]

WORKERS = 6


def test_workers_racing_for_one_delivery_send_it_once(webhook, receiver):
    (delivery,) = enqueue_webhook_deliveries(make_event(webhook.service))
    now = timezone.now()
    start = threading.Barrier(WORKERS)
    results = []

    def worker():
        try:
            start.wait()
            results.append(deliver(delivery.pk, now=now))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(results) == WORKERS, "every worker finished without an error"
    assert sum(result is not None for result in results) == 1
    assert len(receiver.received) == 1
    delivery.refresh_from_db()
    assert delivery.attempts == 1 and delivery.attempt_log.count() == 1
