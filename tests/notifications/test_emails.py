import asyncio
import json
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from django.core import mail
from django.template.loader import get_template
from django.utils import timezone

from delivery.models import Delivery, DeliveryStatus
from delivery.pipeline import deliver, restart
from notifications import tasks
from notifications.emails import build_message
from notifications.schedule import ReminderKind
from tests.support import free_port

pytestmark = pytest.mark.django_db


def recorded(make_action, today, days_left, kind=ReminderKind.REMINDER, **fields):
    action = make_action(days_left=days_left, **fields)
    tasks.scan_and_queue(today=today)
    return action, Delivery.objects.get(subject_id=action.pk, kind=kind)


def send(notification) -> str:
    """One attempt, as the send task makes it: the row's status after it, or skipped."""
    delivery = deliver(notification.pk, now=timezone.now())
    return "skipped" if delivery is None else delivery.status


def sent_message(notification):
    assert send(notification) == "sent"
    return mail.outbox[-1]


def test_a_reminder_says_what_is_due_by_when_and_why_with_the_action_link(make_action, today):
    action, notification = recorded(make_action, today, 3, title="Audit & review of ETE plans")
    message = sent_message(notification)
    html = message.alternatives[0][0]
    link = f"http://testserver/actions/{action.pk}/"
    deadline = f"{action.due_on.day} {action.due_on:%B %Y}"
    assert (
        message.subject
        == f"Action {action.reference} is due in 3 days: Audit & review of ETE plans"
    )
    assert message.to == ["owner@example.org"]
    for body in (message.body, html):
        assert link in body
        assert deadline in body
        assert "because you own this action" in body
        assert "Medway Youth Justice Service" in body
    assert '"Audit & review of ETE plans"' in message.body  # plain text is not HTML-escaped
    assert "Audit &amp; review of ETE plans" in html


def test_a_manager_escalation_names_the_owner_and_how_long_it_is_overdue(
    make_action, manager, today
):
    action, notification = recorded(make_action, today, -9, ReminderKind.ESCALATION_MANAGER)
    message = sent_message(notification)
    owner = action.owner.get_full_name()
    assert message.subject == f"Escalation: action {action.reference} is 9 days overdue ({owner})"
    assert message.to == ["manager@example.org"]
    assert "because you are a service manager of Medway Youth Justice Service" in message.body


def test_a_chair_escalation_says_it_cannot_be_switched_off(make_action, chair, today):
    _, notification = recorded(make_action, today, -30, ReminderKind.ESCALATION_CHAIR)
    message = sent_message(notification)
    assert message.to == ["chair@example.org"]
    assert "Board escalations are sent whatever your digest settings" in message.body


def test_an_update_request_says_how_long_the_action_has_been_quiet(make_action, today):
    from actions.choices import ActionStatus

    _, notification = recorded(
        make_action,
        today,
        90,
        ReminderKind.UPDATE_REQUEST,
        status=ActionStatus.IN_PROGRESS,
        start_on=today - timedelta(days=45),
    )
    message = sent_message(notification)
    assert "no progress update for 45 days" in message.body


def test_the_ledger_context_survives_a_json_round_trip(make_action, today):
    _, notification = recorded(make_action, today, 0)
    assert json.loads(json.dumps(notification.context)) == notification.context


def test_sending_twice_sends_one_email(make_action, today):
    _, notification = recorded(make_action, today, 14)
    assert send(notification) == "sent"
    assert send(notification) == "skipped"
    notification.refresh_from_db()
    assert len(mail.outbox) == 1
    assert (notification.status, notification.attempts) == (DeliveryStatus.SENT, 1)
    assert notification.sent_at is not None


def test_a_cancelled_row_is_never_sent(make_action, today):
    _, notification = recorded(make_action, today, 14)
    Delivery.objects.filter(pk=notification.pk).update(status=DeliveryStatus.CANCELLED)
    assert send(notification) == "skipped"
    assert mail.outbox == []


@pytest.fixture
def unreachable_smtp(settings):
    """SMTP pointed at a loopback port nobody listens on."""
    port = free_port()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 2


def test_an_unreachable_smtp_server_leaves_the_row_pending_for_a_retry(
    make_action, today, unreachable_smtp
):
    _, notification = recorded(make_action, today, 14)
    assert send(notification) == DeliveryStatus.PENDING
    notification.refresh_from_db()
    assert notification.status == DeliveryStatus.PENDING
    assert "ConnectionRefusedError" in notification.last_error
    assert notification.next_attempt_at > timezone.now() + timedelta(seconds=50)


def test_after_the_last_attempt_the_row_gives_up(make_action, today, unreachable_smtp, settings):
    _, notification = recorded(make_action, today, 14)
    Delivery.objects.filter(pk=notification.pk).update(attempts=settings.DELIVERY_MAX_ATTEMPTS - 1)
    assert send(notification) == DeliveryStatus.GAVE_UP
    notification.refresh_from_db()
    assert notification.status == DeliveryStatus.GAVE_UP


def test_a_recipient_without_an_email_address_fails_without_retrying(
    make_action, plan_owner, today
):
    plan_owner.email = ""
    plan_owner.save()
    _, notification = recorded(make_action, today, 14)
    assert send(notification) == "failed"
    notification.refresh_from_db()
    assert "no email address" in notification.last_error


def test_every_email_carries_a_message_id_made_from_its_ledger_row(make_action, today):
    _, notification = recorded(make_action, today, 14)
    message = sent_message(notification)
    assert message.extra_headers["Message-ID"] == f"<delivery.{notification.pk}@testserver>"
    assert (
        build_message(notification).extra_headers["Message-ID"]
        == f"<delivery.{notification.pk}@testserver>"
    )


class StoresThenAnswersLate:
    """An aiosmtpd handler that keeps the message, then answers DATA after ``delay`` seconds."""

    def __init__(self, delay: float) -> None:
        self.delay, self.messages = delay, []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope.content)
        await asyncio.sleep(self.delay)
        return "250 Message accepted"


@pytest.fixture
def slow_smtp(settings):
    """The project's SMTP backend, talking to a server slower to answer DATA than the timeout."""
    handler = StoresThenAnswersLate(delay=2)
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "notifications.smtp.LedgerEmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = (
        "127.0.0.1",
        controller.port,
        1,
    )
    yield handler
    controller.stop()


def test_an_answer_to_data_lost_after_the_message_went_leaves_the_row_uncertain(
    make_action, today, slow_smtp
):
    _, notification = recorded(make_action, today, 14)

    assert send(notification) == DeliveryStatus.UNCERTAIN
    assert send(notification) == "skipped", "an uncertain row is never retried by itself"

    assert len(slow_smtp.messages) == 1
    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == (DeliveryStatus.UNCERTAIN, 1)
    assert restart([notification.pk], now=timezone.now()) == [notification.pk], "an operator may"


def test_a_refused_connection_is_not_uncertain_with_the_projects_backend(
    make_action, today, unreachable_smtp, settings
):
    settings.EMAIL_BACKEND = "notifications.smtp.LedgerEmailBackend"
    _, notification = recorded(make_action, today, 14)
    assert send(notification) == DeliveryStatus.PENDING


@pytest.mark.parametrize(
    "kind",
    [
        ReminderKind.REMINDER,
        ReminderKind.OVERDUE,
        ReminderKind.ESCALATION_MANAGER,
        ReminderKind.ESCALATION_CHAIR,
        ReminderKind.UPDATE_REQUEST,
        "board_digest",
    ],
)
def test_every_html_email_fits_a_phone_screen(kind):
    source = get_template(f"notifications/email/{kind}.html").template.source
    included = get_template("notifications/email/_html_start.html").template.source
    head = source if "<head>" in source else included
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in head
