"""The whole path on real infrastructure: PostgreSQL, Redis, a Celery worker process, SMTP."""

from datetime import timedelta

import pytest
from django.utils import timezone

from actions.models import Action
from actions.operations.actions import save_action
from actions.operations.revisions import request_deadline_revision
from core.clock import today as today_in_london
from delivery.models import Delivery, DeliveryStatus
from delivery.tasks import sweep_task
from events.claims import SWEEP_AFTER
from events.models import DispatchStatus, DomainEvent
from notifications.tasks import scan_deadlines_task
from tenancy.choices import ServiceRole
from tests.delivery.conftest import (
    OUTAGE_DB,
    WORKER_DB,
    main_redis,
    needs_postgres_and_redis,
    producing_to,
)
from tests.factories import ActionFactory, RecommendationFactory, member
from tests.support import wait_until

pytestmark = [
    pytest.mark.worker,
    pytest.mark.postgres,
    needs_postgres_and_redis,
    pytest.mark.django_db(transaction=True),
]


def all_sent() -> bool:
    statuses = set(Delivery.objects.values_list("status", flat=True))
    return bool(statuses) and statuses == {DeliveryStatus.SENT}


def all_handled() -> bool:
    return set(DomainEvent.objects.values_list("dispatch_status", flat=True)) == {
        DispatchStatus.DONE
    }


def test_the_owner_of_an_overdue_action_receives_their_email_through_smtp(
    service, plan_owner, smtp_server, start_worker_process
):
    today = today_in_london()
    action = ActionFactory(
        recommendation__inspection__service=service,
        owner=plan_owner,
        due_on=today - timedelta(days=1),
        original_due_on=today - timedelta(days=1),
        title="Introduce ACORN recording",
    )
    broker = main_redis(WORKER_DB)
    worker = start_worker_process(broker, smtp_server.port)
    with producing_to(broker, worker.queue):
        scan_deadlines_task.delay()
    (message,) = wait_until(lambda: smtp_server.to(plan_owner.email), what="the owner's email")
    assert message["Subject"] == f"Overdue by 1 day: action {action.reference} {action.title}"
    text, html = (
        part.get_payload(decode=True).decode() for part in message.walk() if not part.is_multipart()
    )
    assert f"http://testserver/actions/{action.pk}/" in text
    assert "because you own this action" in html
    wait_until(all_sent, what="the ledger row marked sent")


def make_changes(service, owner, manager, today) -> list[Action]:
    """Through the operations, as the admin and API do: creations, a reassignment, a revision."""
    recommendation = RecommendationFactory(inspection__service=service)
    actions = []
    for number, days_left in enumerate((-8, 0, 3)):
        action = Action(
            recommendation=recommendation,
            reference=f"{number + 1}a",
            title=f"Action {number + 1}",
            owner=owner,
            due_on=today + timedelta(days=days_left),
        )
        actions.append(save_action(action=action, actor=manager))
    actions[1].owner = member(service, ServiceRole.PLAN_OWNER, username="newcomer")
    save_action(action=actions[1], actor=manager)
    request_deadline_revision(
        action=actions[2], requested_by=manager, due_on=today + timedelta(days=14), reason="Staff"
    )
    return actions


def test_with_the_broker_down_every_event_is_handled_and_every_email_sent_exactly_once(
    service, plan_owner, manager, smtp_server, private_redis, start_worker_process
):
    today = today_in_london()
    broker = private_redis.url(OUTAGE_DB)
    worker = start_worker_process(broker, smtp_server.port)
    with producing_to(broker, worker.queue):
        private_redis.stop()
        make_changes(service, plan_owner, manager, today)
        scan_deadlines_task.apply()  # as beat would start it, here while the broker is down
        assert DomainEvent.objects.filter(dispatch_status=DispatchStatus.PENDING).exists()
        assert Delivery.objects.filter(status=DeliveryStatus.PENDING).count() == 4
        assert smtp_server.messages == []

        private_redis.start()
        later = (timezone.now() + SWEEP_AFTER + timedelta(seconds=1)).isoformat()
        sweep_task.delay(as_of=later)
        wait_until(lambda: all_sent() and all_handled(), timeout=60, what="the sweeper's work")
        sweep_task.delay(as_of=later)  # a second sweep and scan change nothing
        scan_deadlines_task.delay()
        sweep_task.delay(as_of=later)
        wait_until(lambda: worker.finished("scan_deadlines_task") == 1, what="the second scan")
        wait_until(lambda: worker.finished("sweep_task") == 3, what="the sweeps")

    ids = [message["X-Yjtracker-Delivery"] for message in smtp_server.messages]
    assert sorted(ids) == sorted(str(pk) for pk in Delivery.objects.values_list("pk", flat=True))
    assert len(ids) == len(set(ids)) == 4  # overdue + manager escalation, due today, due in 14
    assert {message["To"] for message in smtp_server.messages} == {
        "owner@example.org",
        "manager@example.org",
        "newcomer@example.org",
    }
    assert all_handled()
