"""Sending links and update rounds through the ledger: once each, never twice, and never a link
that stopped working while its email waited."""

from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from actions.operations.progress import record_progress
from delivery.models import Delivery, DeliveryStatus
from delivery.pipeline import deliver
from partner_links import tasks
from partner_links.models import UpdateLink
from partner_links.operations import link_path, record_link_update, send_update_link
from tenancy.models import BoardMeeting
from tenancy.rules import NotAllowed
from tests.partner_links.conftest import action_in
from tests.support import free_port

pytestmark = pytest.mark.django_db


def send(delivery) -> str:
    sent = deliver(delivery.pk, now=timezone.now())
    return "skipped" if sent is None else sent.status


def test_a_manager_s_link_is_one_ledger_row_to_the_contact_s_address(
    link, action, django_capture_on_commit_callbacks
):
    delivery = Delivery.objects.get(kind="update_link")
    assert (delivery.recipient, delivery.address, delivery.subject_id) == (
        None,
        "priya.shah@police.example",
        link.pk,
    )
    assert send(delivery) == "sent"
    assert send(delivery) == "skipped"
    (message,) = mail.outbox
    assert message.to == ["priya.shah@police.example"]
    assert f"http://testserver{link_path(link)}" in message.body
    assert "Dear Priya Shah" in message.body
    assert action.reference in message.subject


def test_a_link_email_is_queued_only_when_the_link_is_committed(
    action, manager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        send_update_link(
            action=action,
            contact_name="A",
            contact_email="a@x.example",
            sent_by=manager,
            now=timezone.now(),
        )
    assert len(callbacks) == 1


def test_an_email_whose_link_stopped_working_is_cancelled_not_sent(link, action):
    record_link_update(link_id=link.pk, narrative="Done", assessed_rag="green", now=timezone.now())
    delivery = Delivery.objects.get(kind="update_link")
    assert send(delivery) == DeliveryStatus.CANCELLED
    assert mail.outbox == []


def test_only_the_service_s_managers_send_links(action, plan_owner, other_action, manager):
    for who, what in ((plan_owner, action), (manager, other_action)):
        with pytest.raises(NotAllowed):
            send_update_link(
                action=what,
                contact_name="A",
                contact_email="a@x.example",
                sent_by=who,
                now=timezone.now(),
            )
    assert not UpdateLink.objects.exists()


def test_an_update_without_an_author_must_name_who_wrote_it(action):
    with pytest.raises(ValidationError):
        record_progress(action=action, author=None, narrative="x", assessed_rag="green")


@pytest.fixture
def meeting(board, today):
    board.update_round_days_before_meeting = 14
    board.save()
    return BoardMeeting.objects.create(board=board, meets_on=today + timedelta(days=10))


@pytest.fixture
def run_round(django_capture_on_commit_callbacks, inline_tasks):
    """The beat job on a day, its emails sent as the worker would once it commits."""

    def run(day):
        with django_capture_on_commit_callbacks(execute=True):
            return tasks.send_update_rounds_task(day.isoformat())

    return run


def test_the_round_emails_each_owner_once_with_a_link_per_open_action(
    meeting, action, plan_owner, service, other_action, today, run_round
):
    second = action_in(service, plan_owner, "2b", "Review remand decisions")
    first = run_round(today)
    assert first == {"meetings": 1, "links": 2, "queued": 1}
    links = UpdateLink.objects.filter(round=f"meeting:{meeting.meets_on}")
    assert {link.action for link in links} == {action, second}
    assert {link.contact for link in links} == {plan_owner}
    assert all(link.sent_by is None for link in links)
    assert Delivery.objects.filter(kind="update_round").count() == 1
    (message,) = mail.outbox
    assert message.to == [plan_owner.email]
    for link in links:
        assert link_path(link) in message.body
    assert "Secret Blackpool" not in message.body


def test_the_round_run_again_sends_nothing_new(meeting, action, today, run_round):
    run_round(today)
    again = run_round(today)
    tomorrow = run_round(today + timedelta(days=1))
    assert again == tomorrow == {"meetings": 1, "links": 0, "queued": 0}
    assert UpdateLink.objects.count() == 1
    assert Delivery.objects.filter(kind="update_round").count() == 1
    assert len(mail.outbox) == 1


def test_no_round_is_sent_before_its_days_or_on_the_meeting_day(meeting, action, today):
    assert tasks.send_update_rounds_task((today - timedelta(days=5)).isoformat())["meetings"] == 0
    assert tasks.send_update_rounds_task(meeting.meets_on.isoformat())["meetings"] == 0
    assert not UpdateLink.objects.exists()


def test_an_owner_s_round_link_records_the_update_as_theirs(meeting, action, plan_owner, today):
    tasks.send_update_rounds_task(today.isoformat())
    link = UpdateLink.objects.get()
    update = record_link_update(
        link_id=link.pk, narrative="On track", assessed_rag="green", now=timezone.now()
    )
    assert (update.author, update.contributor_name) == (plan_owner, plan_owner.get_full_name())


class Stores:
    """An aiosmtpd handler that keeps every message it accepts, with its envelope recipients."""

    def __init__(self) -> None:
        self.messages: list = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.rcpt_tos, envelope.content.decode()))
        return "250 Message accepted"


def test_a_partner_s_link_reaches_a_real_smtp_server_once(link, settings):
    handler = Stores()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        settings.EMAIL_BACKEND = "notifications.smtp.LedgerEmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = (
            "127.0.0.1",
            controller.port,
            5,
        )
        delivery = Delivery.objects.get(kind="update_link")
        assert send(delivery) == DeliveryStatus.SENT
        assert send(delivery) == "skipped"
    finally:
        controller.stop()
    ((to, content),) = handler.messages
    assert to == ["priya.shah@police.example"]
    assert link_path(link) in content
