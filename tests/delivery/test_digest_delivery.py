"""Board digests on real infrastructure: PostgreSQL, Redis, a Celery worker process, SMTP."""

from datetime import UTC, date, datetime, timedelta

import pytest

from delivery.models import Delivery, DeliveryStatus
from events.catalogue import EventType
from events.models import DispatchStatus, DomainEvent
from notifications.tasks import send_digests_task
from tests.delivery.conftest import main_redis, needs_postgres_and_redis, producing_to
from tests.factories import ActionFactory, RecommendationFactory
from tests.support import wait_until

pytestmark = [
    pytest.mark.worker,
    pytest.mark.postgres,
    needs_postgres_and_redis,
    pytest.mark.django_db(transaction=True),
]

DIGESTS_DB = 5  # this file's Redis database number
NOW = datetime(2026, 12, 7, 8, 30, tzinfo=UTC)  # Monday, 08:30 in London


def test_a_board_member_receives_one_digest_through_smtp_when_the_job_runs_twice(
    service, board, board_user, smtp_server, start_worker_process
):
    recommendation = RecommendationFactory(inspection__service=service)
    late = ActionFactory(
        recommendation=recommendation,
        title="Agree the ETE protocol",
        due_on=date(2026, 12, 1),
        rag="red",
    )
    # Written directly (already handled), so no dispatch is queued outside this test's broker.
    DomainEvent.objects.create(
        type=EventType.ACTION_RAG_CHANGED,
        service=service,
        subject_type="action",
        subject_id=late.pk,
        data={"old": "amber", "new": "red"},
        occurred_at=NOW - timedelta(days=2),
        dispatch_status=DispatchStatus.DONE,
    )
    broker = main_redis(DIGESTS_DB)
    worker = start_worker_process(broker, smtp_server.port)

    with producing_to(broker, worker.queue):
        send_digests_task.delay(NOW.isoformat())
        send_digests_task.delay(NOW.isoformat())
    wait_until(lambda: worker.finished("send_digests_task") == 2, what="both runs of the job")
    wait_until(lambda: worker.finished("send_emails_task") >= 1, what="the delivery")

    (message,) = smtp_server.to(board_user.email)
    assert message["Subject"] == "Medway Youth Justice Service board digest: 2 exceptions to review"
    # Long headers are folded on the wire; unfolded, the value is the one-click address.
    assert (
        message["List-Unsubscribe"].strip().startswith("<http://testserver/notifications/digests/")
    )
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    text, html = (
        part.get_payload(decode=True).decode() for part in message.walk() if not part.is_multipart()
    )
    assert "Agree the ETE protocol" in text
    assert ">Red</span>" in html
    row = Delivery.objects.get(kind="board_digest")
    assert (row.status, row.period) == (DeliveryStatus.SENT, "weekly:2026-W50")
