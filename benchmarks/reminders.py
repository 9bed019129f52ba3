"""Reminder benchmark: the deadline scan over 100,000 actions, then delivery into local SMTP.

Loads 50 services, 500 inspections, 100,000 actions and 300,000 progress updates
(``benchmarks.dataset``) into a fresh database, then measures, as the workers would run them:

1. the deadline scan (time-based events + reminder selection + ledger writes), batch by batch,
   counting SQL queries per batch: the count is fixed per batch, whatever the batch holds;
2. the same scan again, which must find nothing new;
3. dispatching the events the scan recorded;
4. sending every ledger row through Django's SMTP backend to an aiosmtpd server on loopback.

    python -m benchmarks.reminders [--actions 100000] [--batch-size 1000]

``DATABASE_URL`` (PostgreSQL, a throwaway database whose name contains ``bench``: it is dropped
and recreated) or, when unset, a SQLite file in a temporary folder.
"""

import argparse
import os
import resource
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
SIZES = {"services": 50, "inspections": 500, "actions": 100_000, "progress_updates": 300_000}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def prepare_environment(smtp_port: int) -> str:
    """Production-like settings aimed at the benchmark database and the loopback SMTP server."""
    sys.path.insert(0, str(ROOT))
    data_dir = os.environ.get("DATA_DIR") or tempfile.mkdtemp(prefix="yjtracker-bench-")
    os.environ.update(
        DATA_DIR=data_dir,
        DEBUG="false",
        SECRET_KEY="benchmark-only-secret-key",
        LOG_LEVEL="WARNING",
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(smtp_port),
        DJANGO_SETTINGS_MODULE="yjtracker.settings",
    )
    if not os.environ.get("DATABASE_URL"):
        os.environ["DATABASE_URL"] = f"sqlite:///{data_dir}/bench-reminders.sqlite3"
        return "SQLite file"
    recreate_postgres(os.environ["DATABASE_URL"])
    return "PostgreSQL"


def recreate_postgres(url: str) -> None:
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if "bench" not in name:
        raise SystemExit(f"Refusing to drop {name!r}: use a database whose name contains 'bench'.")
    with psycopg.connect(parts._replace(path="/postgres").geturl(), autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def load_in_subprocess(actions: int) -> float:
    """Migrate and load in a child process, so this one's peak memory is the scan's and sends'."""
    started = time.perf_counter()
    sizes = {**SIZES, "actions": actions, "progress_updates": actions * 3}
    code = (
        "import django; django.setup();"
        "from django.core.management import call_command; call_command('migrate', verbosity=0);"
        f"from benchmarks.dataset import load_dataset; print(load_dataset(**{sizes!r}))"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)
    return time.perf_counter() - started


class Inbox:
    """aiosmtpd handler counting what it receives."""

    def __init__(self) -> None:
        self.messages = 0

    async def handle_DATA(self, server, session, envelope):
        self.messages += 1
        return "250 Message accepted"


def collect_queued(queued: dict[str, list[int]]):
    """Keep the ids the scan queues on commit, to dispatch and send them below as workers would."""
    from notifications import scan

    scan.schedule_dispatch = queued["events"].append
    scan.schedule_send = queued["notifications"].append


def measured_scan(today, batch_size: int):
    """Run the scan batch by batch, counting queries per batch. Returns (seconds, per-batch)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from notifications import scan

    per_batch, last_id = [], 0
    started = time.perf_counter()
    while batch := scan.open_actions_after(last_id, batch_size):
        last_id = batch[-1].pk
        with CaptureQueriesContext(connection) as queries:
            scan.scan_batch(batch, today)
        per_batch.append(len(queries) + 1)  # + the query that read the batch
    return time.perf_counter() - started, per_batch


def timed_each(function, ids) -> tuple[float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        for object_id in ids:
            function(object_id)
    return time.perf_counter() - started, len(queries)


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(actions: int, batch_size: int) -> list[str]:
    from aiosmtpd.controller import Controller

    port = free_port()
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    database = prepare_environment(port)
    load_seconds = load_in_subprocess(actions)
    import django

    django.setup()
    from notifications import dispatch, emails
    from notifications.models import DomainEvent, Notification
    from notifications.scan import today_in_london

    today = today_in_london()
    queued = {"events": [], "notifications": []}
    collect_queued(queued)
    rss_before = peak_rss_mib()
    scan_s, per_batch = measured_scan(today, batch_size)
    rss_scan = peak_rss_mib()
    rescan_s, per_batch_again = measured_scan(today, batch_size)
    event_ids, notification_ids = (
        sorted(set(queued["events"])),
        sorted(set(queued["notifications"])),
    )
    dispatch_s, dispatch_queries = timed_each(dispatch.dispatch_event, event_ids)
    send_s, send_queries = timed_each(emails.send_notification, notification_ids)
    controller.stop()
    sent = Notification.objects.filter(status="sent").count()
    return report(
        database=database,
        actions=actions,
        batch_size=batch_size,
        load_seconds=load_seconds,
        scan=(scan_s, per_batch, DomainEvent.objects.filter(once_key__isnull=False).count()),
        rescan=(rescan_s, per_batch_again),
        dispatched=(dispatch_s, dispatch_queries, len(event_ids)),
        sent=(send_s, send_queries, len(notification_ids), sent, inbox.messages),
        memory=(rss_before, rss_scan, peak_rss_mib()),
    )


def report(*, database, actions, batch_size, load_seconds, scan, rescan, dispatched, sent, memory):
    scan_s, per_batch, events = scan
    rescan_s, per_batch_again = rescan
    dispatch_s, dispatch_queries, dispatched_count = dispatched
    send_s, send_queries, queued, marked_sent, received = sent
    rss_before, rss_scan, rss_end = memory
    ledger_rows = queued
    return [
        f"Reminders benchmark: {actions:,} actions on {database}, batches of {batch_size:,} "
        f"(data loaded in {load_seconds:.0f} s).",
        "",
        "| Step | Wall time | Work | SQL queries |",
        "|---|---:|---|---|",
        f"| Deadline scan | {scan_s:.1f} s | {len(per_batch)} batches; {events:,} events, "
        f"{ledger_rows:,} ledger rows | {sum(per_batch):,}; per batch min {min(per_batch)}, "
        f"max {max(per_batch)} |",
        f"| Same scan again | {rescan_s:.1f} s | nothing new | per batch min "
        f"{min(per_batch_again)}, max {max(per_batch_again)} |",
        f"| Event dispatch | {dispatch_s:.1f} s | {dispatched_count:,} events handled | "
        f"{dispatch_queries:,} ({dispatch_queries / max(dispatched_count, 1):.1f} per event) |",
        f"| Email delivery (SMTP, loopback) | {send_s:.1f} s | {marked_sent:,} sent, "
        f"{received:,} received ({received / max(send_s, 0.001):.0f}/s) | "
        f"{send_queries:,} ({send_queries / max(queued, 1):.1f} per email) |",
        "",
        f"Peak RSS: {rss_before:.0f} MiB before the scan, {rss_scan:.0f} MiB after it, "
        f"{rss_end:.0f} MiB at the end.",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actions", type=int, default=SIZES["actions"])
    parser.add_argument("--batch-size", type=int, default=1000)
    options = parser.parse_args()
    print("\n".join(run(options.actions, options.batch_size)))


if __name__ == "__main__":
    main()
