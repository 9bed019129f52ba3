"""The deadline scan end to end in a real Celery worker on Redis, then its emails and events.

Loads the data set (``benchmarks.dataset``: 50 services, 100,000 actions, 300,000 progress
updates) into a throwaway PostgreSQL database, starts ``celery worker`` as the Procfile does
(prefork, ``--concurrency 2``) on Redis with queues of its own, and an aiosmtpd server on
loopback for the emails. Then it publishes ``scan_deadlines_task`` and measures:

1. **scan**: from publishing the task to the worker reporting it done: the events and ledger
   rows recorded and, on commit, their messages published to Redis (counted from the worker's
   log: each arrives as a task);
2. **drained**: until every event the scan recorded is dispatched and every email it wrote has
   reached the SMTP server;
3. **scan_again**: the same scan again, once the worker is idle: it must record and publish
   nothing.

The messages are counted from the worker's log once it has drained them (with a prefetch of
one, a busy worker takes each message only when a process is free).

    python -m benchmarks.scan_worker [--actions 100000] [--json PATH]

``DATABASE_URL`` names the PostgreSQL database (its name must contain ``bench``: it is dropped
and recreated; default ``yjtracker_bench_worker`` on 127.0.0.1); ``CELERY_BROKER_URL`` the Redis
server (default ``redis://127.0.0.1:6379/5``).
"""

import argparse
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

from benchmarks.reminders import Inbox, load_in_subprocess, prepare_environment
from benchmarks.support import figures, free_port, write_json

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/yjtracker_bench_worker"
DEFAULT_BROKER_URL = "redis://127.0.0.1:6379/5"
SCAN_TASK = "notifications.tasks.scan_deadlines_task"


class Worker:
    """``celery worker`` in a subprocess on the benchmark's own queues, logging to a file."""

    def __init__(self, prefix: str, log: Path) -> None:
        self.prefix, self.log, self.process = prefix, log, None

    def start(self) -> None:
        queues = ",".join(f"{self.prefix}{role}" for role in ("events", "email", "webhooks"))
        command = [sys.executable, "-m", "celery", "-A", "yjtracker", "worker", "-Q", queues]
        command += ["--concurrency", "2", "--loglevel", "INFO", "-n", f"{self.prefix}bench@%h"]
        command += ["--without-gossip", "--without-mingle", "--without-heartbeat"]
        self.process = subprocess.Popen(
            command, cwd=ROOT, stdout=self.log.open("w"), stderr=subprocess.STDOUT
        )
        wait_for(lambda: " ready." in self.log.read_text(), "the worker", timeout=120)

    def lines(self) -> list[str]:
        return self.log.read_text().splitlines()

    def received(self) -> int:
        """Tasks the worker has taken from Redis so far."""
        return sum(" Task " in line and line.endswith(" received") for line in self.lines())

    def finished(self, task: str) -> int:
        return sum(f"{task}[" in line and " succeeded " in line for line in self.lines())

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=60)


def wait_for(condition, what: str, timeout: float, every: float = 0.05) -> float:
    """Poll ``condition`` until true; the seconds it took. Gives up after ``timeout``."""
    started = time.perf_counter()
    while not condition():
        if time.perf_counter() - started > timeout:
            raise SystemExit(f"Gave up waiting for {what} after {timeout:.0f} s.")
        time.sleep(every)
    return time.perf_counter() - started


def run_scan(worker: Worker, runs_before: int) -> float:
    """Publish the scan; the seconds until the worker reports it done."""
    from notifications.tasks import scan_deadlines_task

    started = time.perf_counter()
    scan_deadlines_task.delay()
    wait_for(lambda: worker.finished(SCAN_TASK) > runs_before, "the scan", timeout=600)
    return time.perf_counter() - started


def drain(inbox: Inbox, emails: int, timeout: float) -> float:
    """Seconds until every recorded event is dispatched and ``emails`` emails have arrived."""
    from events.models import DispatchStatus, DomainEvent

    def done() -> bool:
        pending = DomainEvent.objects.exclude(dispatch_status=DispatchStatus.DONE)
        return inbox.messages >= emails and not pending.filter(once_key__isnull=False).exists()

    return wait_for(done, "the emails and events", timeout=timeout, every=0.5)


def run(actions: int, drain_timeout: float, json_path) -> None:
    from aiosmtpd.controller import Controller

    os.environ.setdefault("DATABASE_URL", DEFAULT_DATABASE_URL)
    os.environ.setdefault("CELERY_BROKER_URL", DEFAULT_BROKER_URL)
    if not os.environ["DATABASE_URL"].startswith("postgres"):
        raise SystemExit("The worker benchmark needs PostgreSQL: set DATABASE_URL=postgres://…")
    prefix = f"yjtracker-bench-{uuid.uuid4().hex[:8]}-"
    os.environ["CELERY_QUEUE_PREFIX"] = prefix
    inbox = Inbox()
    smtp = Controller(inbox, hostname="127.0.0.1", port=free_port())
    smtp.start()
    prepare_environment(smtp.port)
    os.environ["SITE_URL"] = "http://127.0.0.1:8000"
    load_seconds = load_in_subprocess(actions)
    import django

    django.setup()
    from delivery.models import Delivery, DeliveryStatus
    from events.models import DomainEvent

    worker = Worker(prefix, Path(os.environ["DATA_DIR"]) / "worker.log")
    worker.start()
    results: dict = {"rows": actions}
    try:
        scan_s = run_scan(worker, runs_before=0)
        events = DomainEvent.objects.filter(once_key__isnull=False).count()
        emails = Delivery.objects.emails().count()
        drained_s = scan_s + drain(inbox, emails, drain_timeout)
        time.sleep(2)  # Nothing more should arrive: the log shows every message taken.
        messages = worker.received() - 1
        sent = Delivery.objects.emails().filter(status=DeliveryStatus.SENT).count()
        results["scan"] = figures([scan_s], 0, events=events, emails=emails, messages=messages)
        results["drained"] = figures([drained_s], 0, emails_received=inbox.messages, sent=sent)
        again_s = run_scan(worker, runs_before=1)
        time.sleep(2)
        again_messages = worker.received() - messages - 2
        new_rows = Delivery.objects.emails().count() - emails
        results["scan_again"] = figures([again_s], 0, new_rows=new_rows, messages=again_messages)
    finally:
        worker.stop()
        smtp.stop()
    report(results, actions, load_seconds)
    write_json(json_path, results)


def report(results: dict, actions: int, load_seconds: float) -> None:
    scan, again = results["scan"], results["scan_again"]
    print(f"Deadline scan in a Celery worker on Redis: {actions:,} actions", end=" ")
    print(f"(data loaded in {load_seconds:.0f} s).\n")
    print("| Step | Wall time | Work |")
    print("|---|---:|---|")
    print(
        f"| Scan, published to done | {scan['median_ms'] / 1000:.1f} s | {scan['events']:,} "
        f"events, {scan['emails']:,} emails recorded; {scan['messages']:,} messages published |"
    )
    drained = results["drained"]
    print(
        f"| Until every event is dispatched and every email received | "
        f"{drained['median_ms'] / 1000:.1f} s | {drained['emails_received']:,} emails "
        f"received by SMTP |"
    )
    print(
        f"| Same scan again | {again['median_ms'] / 1000:.1f} s | {again['new_rows']} new rows, "
        f"{again['messages']} messages |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actions", type=int, default=100_000)
    parser.add_argument("--drain-timeout", type=float, default=1800)
    parser.add_argument("--json", metavar="PATH", help="also write the figures there as JSON")
    options = parser.parse_args()
    run(options.actions, options.drain_timeout, options.json)


if __name__ == "__main__":
    main()
