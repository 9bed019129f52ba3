from collections import Counter
from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from actions.choices import ActionStatus
from core.jobs import periodic_jobs
from delivery.models import Delivery, DeliveryStatus
from events.models import DispatchStatus, DomainEvent
from notifications.schedule import ALL_KINDS

pytestmark = pytest.mark.django_db


# Under the test's own transaction, commit callbacks fire when the capture block ends, after the
# command returned; ``inline_tasks`` keeps what they queue inline, as it is inside the command
# when the job's own transactions commit.


def run_job(name: str) -> str:
    out = StringIO()
    call_command("run_job", name, stdout=out)
    return out.getvalue()


def test_list_shows_every_job_of_the_beat_schedule():
    out = StringIO()
    call_command("run_job", "--list", stdout=out)
    for name in ("sweep", "scan_deadlines", "recalculate_rags", "send_digests"):
        assert name in out.getvalue()


def test_an_unknown_job_is_refused():
    with pytest.raises(CommandError, match="Unknown job"):
        run_job("send_everything")


def test_the_job_names_are_the_beat_entries_and_run_the_same_tasks(settings):
    jobs = periodic_jobs()
    assert set(jobs) == set(settings.CELERY_BEAT_SCHEDULE)
    assert jobs["scan_deadlines"].task == "notifications.tasks.scan_deadlines_task"


def test_running_every_job_twice_sends_each_email_once(
    make_action, manager, chair, today, inline_tasks, django_capture_on_commit_callbacks
):
    for days_left in (14, 3, 0, -1, -7, -28):
        make_action(days_left=days_left)
    make_action(status=ActionStatus.IN_PROGRESS, start_on=today - timedelta(days=50))
    runnable = [name for name, job in periodic_jobs().items() if job.registered]
    for _ in range(2):
        for name in runnable:
            with django_capture_on_commit_callbacks(execute=True):
                run_job(name)
    sent = Counter((tuple(message.to), message.subject) for message in mail.outbox)
    assert set(sent.values()) == {1}
    assert len(mail.outbox) == Delivery.objects.count()  # reminders, and the chair's digest
    assert Delivery.objects.filter(kind__in=ALL_KINDS).count() == 10  # 7 owner, 2 mgr, chair
    assert set(Delivery.objects.values_list("status", flat=True)) == {DeliveryStatus.SENT}
    assert set(DomainEvent.objects.values_list("dispatch_status", flat=True)) == {
        DispatchStatus.DONE
    }


def test_the_scan_job_returns_once_the_emails_it_queued_are_sent(
    make_action, today, inline_tasks, django_capture_on_commit_callbacks
):
    make_action(days_left=0)
    with django_capture_on_commit_callbacks(execute=True):
        out = run_job("scan_deadlines")
    assert "'notifications': 1" in out
    assert len(mail.outbox) == 1
