import pytest
from django.core import mail
from django.urls import reverse

from actions.operations.progress import record_progress
from delivery.models import Delivery, DeliveryStatus
from events.models import DispatchStatus, DomainEvent
from notifications import tasks
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_(client):
    client.force_login(UserFactory(username="root", is_superuser=True))
    return client


def test_resend_failed_queues_failed_emails_again_and_leaves_sent_ones(
    admin_client_, make_action, today, inline_tasks, django_capture_on_commit_callbacks
):
    make_action(days_left=0)
    make_action(days_left=3)
    tasks.scan_and_queue(today=today)
    failed, sent = Delivery.objects.order_by("pk")
    Delivery.objects.filter(pk=failed.pk).update(status=DeliveryStatus.FAILED)
    Delivery.objects.filter(pk=sent.pk).update(status=DeliveryStatus.SENT)
    url = reverse("admin:delivery_delivery_changelist")
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client_.post(
            url, {"action": "send_again", "_selected_action": [failed.pk, sent.pk]}
        )
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    failed.refresh_from_db()
    assert failed.status == DeliveryStatus.SENT


def test_the_event_log_is_read_only_and_shows_one_actions_history(
    admin_client_, make_action, today
):
    action = make_action(days_left=-1)
    tasks.scan_and_queue(today=today)
    url = reverse("admin:events_domainevent_changelist")
    response = admin_client_.get(url, {"subject_type": "action", "subject_id": action.pk})
    assert response.status_code == 200
    assert "action.became_overdue" in response.content.decode()
    assert b"Add domain event" not in response.content


def test_a_user_sees_only_the_ledger_of_their_own_services(
    client, plan_owner, other_owner, make_action, today
):
    make_action(days_left=0)
    tasks.scan_and_queue(today=today)
    client.force_login(other_owner)
    response = client.get(reverse("admin:delivery_delivery_changelist"))
    assert response.status_code in (200, 403)
    assert "owner@example.org" not in response.content.decode()


def test_dispatch_failed_puts_failed_events_back_and_runs_them(
    admin_client_, make_action, inline_tasks, django_capture_on_commit_callbacks
):
    action = make_action(days_left=30)
    record_progress(action=action, author=action.owner, narrative="x", assessed_rag="green")
    failed, done = DomainEvent.objects.order_by("pk")[:2]
    DomainEvent.objects.filter(pk=failed.pk).update(
        dispatch_status=DispatchStatus.FAILED, last_error="boom"
    )
    DomainEvent.objects.filter(pk=done.pk).update(dispatch_status=DispatchStatus.DONE)
    url = reverse("admin:events_domainevent_changelist")
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client_.post(
            url, {"action": "dispatch_failed", "_selected_action": [failed.pk, done.pk]}
        )
    assert response.status_code == 302
    failed.refresh_from_db()
    assert (failed.dispatch_status, failed.last_error) == (DispatchStatus.DONE, "")
