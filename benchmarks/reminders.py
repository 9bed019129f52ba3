"""Reminder benchmark: the deadline scan over 100,000 actions, then delivery into local SMTP.

Loads 50 services, 500 inspections, 100,000 actions and 300,000 progress updates
(``benchmarks.dataset``) into a fresh database, then measures, as the workers would run them:

1. the deadline scan (time-based events + reminder selection + ledger writes), batch by batch,
   counting SQL queries per batch: the count is fixed per batch, whatever the batch holds;
2. the same scan again, which must find nothing new;
3. dispatching the events the scan recorded;
4. sending every ledger row through Django's SMTP backend to an aiosmtpd server on loopback.

Steps 3 and 4 count queries over a sample of 200 items run one by one, then run the rest from
``--workers`` threads, each with its own database connection, as a pool of workers would
(``--no-delivery`` leaves them out). The scans also count the messages their commit would
publish to the broker. Last, the nightly RAG recalculation: for today (nothing to change: the
loader stored today's RAGs) and for tomorrow (a normal night).

    python -m benchmarks.reminders [--actions 100000] [--batch-size 1000] [--workers 8]
        [--no-delivery] [--json PATH]

``--json PATH`` writes ``{"scan", "scan_again", "recalculation", "recalculation_unchanged",
...: {"median_ms", "p95_ms", "queries", ...}, "rows"}`` (each step runs once: its median and
p95 are that run).

``DATABASE_URL`` (PostgreSQL, a throwaway database whose name contains ``bench``: it is dropped
and recreated) or, when unset, a SQLite file in a temporary folder.
"""

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from benchmarks.support import figures, free_port, recreate_bench_database, write_json

ROOT = Path(__file__).resolve().parent.parent
SIZES = {"services": 50, "inspections": 500, "actions": 100_000, "progress_updates": 300_000}


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
    recreate_bench_database(os.environ["DATABASE_URL"])
    return "PostgreSQL"


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


def measured_scan(today, batch_size: int, queued: dict[str, list[int]] | None = None):
    """Run the scan batch by batch, counting queries per batch. Returns (seconds, per-batch).

    The ids each batch records go into ``queued``, to dispatch and send below as workers would.
    """
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from notifications import scan

    per_batch, last_id = [], 0
    started = time.perf_counter()
    while batch := scan.open_actions_after(last_id, batch_size):
        last_id = batch[-1].pk
        with CaptureQueriesContext(connection) as queries:
            event_ids, email_ids = scan.scan_batch(batch, today)
        if queued is not None:
            queued["events"] += event_ids
            queued["notifications"] += email_ids
        per_batch.append(len(queries) + 1)  # + the query that read the batch
    return time.perf_counter() - started, per_batch


def messages_published(event_ids: list[int], email_ids: list[int]) -> int:
    """What the scan's commit publishes for these ids (``notifications.tasks.scan_and_queue``),
    counted rather than sent."""
    from celery.app.task import Task

    from delivery.models import Channel
    from delivery.tasks import schedule_deliveries
    from events.tasks import schedule_dispatches

    published = []
    real, Task.apply_async = Task.apply_async, lambda self, *args, **kw: published.append(1)
    try:
        schedule_dispatches(event_ids)
        schedule_deliveries(email_ids, Channel.EMAIL)
    finally:
        Task.apply_async = real
    return len(published)


def counted(function) -> tuple[float, int]:
    """Run ``function``: (seconds, SQL queries)."""
    from django.db import connection

    queries = 0

    def count(execute, sql, params, many, context):
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    started = time.perf_counter()
    with connection.execute_wrapper(count):
        function()
    return time.perf_counter() - started, queries


def queries_each(function, ids) -> float:
    """Average SQL queries per call of ``function`` over ``ids`` (run one after another)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        for object_id in ids:
            function(object_id)
    return len(queries) / max(len(ids), 1)


def in_parallel(function, ids, workers: int) -> float:
    """Call ``function`` on every id from ``workers`` threads (as a worker pool would); seconds."""
    from django.db import connection

    def work(chunk):
        try:
            for object_id in chunk:
                function(object_id)
        finally:
            connection.close()

    started = time.perf_counter()
    with ThreadPoolExecutor(workers) as pool:
        list(pool.map(work, [ids[n::workers] for n in range(workers)]))
    return time.perf_counter() - started


def deliver(label: str, function, ids: list[int], workers: int, sample: int = 200) -> str:
    """Run ``function`` on every id: a sample one by one to count queries, the rest in parallel."""
    per_item = queries_each(function, ids[:sample])
    seconds = in_parallel(function, ids[sample:], workers)
    rate = max(len(ids) - sample, 0) / max(seconds, 0.001)
    return (
        f"| {label} | {seconds:.1f} s ({workers} workers) | {len(ids):,} ({rate:.0f}/s) | "
        f"{per_item:.1f} per item |"
    )


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def say(line: str = "") -> None:
    print(line, flush=True)


def run(actions: int, batch_size: int, workers: int, delivery: bool, json_path) -> None:
    from aiosmtpd.controller import Controller

    port = free_port()
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    database = prepare_environment(port)
    load_seconds = load_in_subprocess(actions)
    import django

    django.setup()
    from django.utils import timezone

    from core.clock import today as today_in_london
    from delivery.models import Delivery
    from delivery.pipeline import deliver as deliver_row
    from events import dispatch
    from events.models import DomainEvent

    today = today_in_london()
    queued = {"events": [], "notifications": []}
    rss_before = peak_rss_mib()
    scan_s, per_batch = measured_scan(today, batch_size, queued)
    rss_scan = peak_rss_mib()
    events = DomainEvent.objects.filter(once_key__isnull=False).count()
    event_ids = sorted(set(queued["events"]))
    notification_ids = sorted(set(queued["notifications"]))
    results: dict = {"rows": actions}
    results["scan"] = figures(
        [scan_s],
        sum(per_batch),
        batches=len(per_batch),
        events=len(event_ids),
        emails=len(notification_ids),
        messages=messages_published(event_ids, notification_ids),
    )
    say(
        f"Reminders benchmark: {actions:,} actions on {database}, batches of {batch_size:,} "
        f"(data loaded in {load_seconds:.0f} s)."
    )
    say()
    say("| Step | Wall time | Work | SQL queries |")
    say("|---|---:|---|---|")
    say(
        f"| Deadline scan | {scan_s:.1f} s | {len(per_batch)} batches: {events:,} events, "
        f"{len(notification_ids):,} emails selected | {sum(per_batch):,}; per batch min "
        f"{min(per_batch)}, max {max(per_batch)} |"
    )
    again_ids: dict[str, list[int]] = {"events": [], "notifications": []}
    rescan_s, again = measured_scan(today, batch_size, again_ids)
    new_rows = Delivery.objects.count() - len(notification_ids)
    results["scan_again"] = figures(
        [rescan_s],
        sum(again),
        new_rows=new_rows,
        messages=messages_published(again_ids["events"], again_ids["notifications"]),
    )
    say(
        f"| Same scan again | {rescan_s:.1f} s | {new_rows} new rows, "
        f"{results['scan_again']['messages']} messages | per batch min "
        f"{min(again)}, max {max(again)} |"
    )
    if delivery:
        say(deliver("Event dispatch", dispatch.dispatch_event, event_ids, workers))
        say(
            deliver(
                "Email delivery (SMTP, loopback)",
                lambda pk: deliver_row(pk, now=timezone.now()),
                notification_ids,
                workers,
            )
        )
    controller.stop()
    recalculation(today, results)
    results["max_rss_mib"] = round(peak_rss_mib(), 1)
    sent = Delivery.objects.emails().filter(status="sent").count()
    say()
    say(
        f"Messages published by the scan's commit: {results['scan']['messages']:,} "
        f"(again: {results['scan_again']['messages']})."
    )
    say(f"Sent {sent:,} ledger rows; the SMTP server received {inbox.messages:,} messages.")
    say(
        f"Peak RSS: {rss_before:.0f} MiB before the scan, {rss_scan:.0f} MiB after it, "
        f"{peak_rss_mib():.0f} MiB at the end."
    )
    write_json(json_path, results)


def recalculation(today, results: dict) -> None:
    """The nightly RAG recalculation: today (nothing to change), then tomorrow."""
    from datetime import timedelta

    from actions.operations.recalculation import recalculate_rags
    from events.models import DomainEvent

    seconds, queries = counted(lambda: recalculate_rags(today=today))
    results["recalculation_unchanged"] = figures([seconds], queries)
    before = DomainEvent.objects.filter(type="action.rag_changed").count()
    moved = []
    seconds, queries = counted(
        lambda: moved.append(recalculate_rags(today=today + timedelta(days=1)))
    )
    changed = DomainEvent.objects.filter(type="action.rag_changed").count() - before
    results["recalculation"] = figures([seconds], queries, moved=moved[0], events=changed)
    say()
    say(
        f"RAG recalculation: {results['recalculation_unchanged']['median_ms'] / 1000:.1f} s and "
        f"{queries_of(results, 'recalculation_unchanged')} queries with nothing to change; "
        f"{seconds:.1f} s and {queries:,} queries for the next night ({moved[0]:,} moved)."
    )


def queries_of(results: dict, key: str) -> str:
    return f"{results[key]['queries']:,}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actions", type=int, default=SIZES["actions"])
    parser.add_argument("--batch-size", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=8, help="threads delivering, like a pool")
    parser.add_argument("--no-delivery", action="store_true", help="leave out steps 3 and 4")
    parser.add_argument("--json", metavar="PATH", help="also write the figures there as JSON")
    options = parser.parse_args()
    run(
        options.actions,
        options.batch_size,
        options.workers,
        delivery=not options.no_delivery,
        json_path=options.json,
    )


if __name__ == "__main__":
    main()
