"""Board pack benchmark: one service with 10,000 actions and 30,000 progress updates, its pack
as at a past date in every format, on PostgreSQL.

Builds its own data in a PostgreSQL database of its own (``bench_yj_board_pack``, dropped and
created afresh each run) with ``benchmarks.dataset`` (20 inspections, 120 recommendations,
10,000 actions, 30,000 progress updates over the year before 7 December 2026), then writes the
event log those rows would have left (created, progress recorded, status changes, deadline
revisions, completions, sign-offs: about 55,000 events) so the replay has a year of history.

For each format it builds the pack as at 7 November 2026 (a month back, so a month of events
lies after the day and is skipped) and renders it, reporting wall time (best of ``--runs``),
SQL queries, the size of the output, the peak of Python allocations (tracemalloc, in a run of
its own so it does not slow the timed ones; not for the PDF, whose run under tracemalloc would
take many minutes) and the process's maximum RSS so far (formats run in the order listed).
Targets: json under 1 s, pdf under 10 s.

    python -m benchmarks.board_pack [--actions 10000] [--progress 30000] [--runs 3]
"""

import argparse
import os
import resource
import sys
import tempfile
import time
import tracemalloc
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from benchmarks.support import recreate_bench_database

ROOT = Path(__file__).resolve().parent.parent
BENCH_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/bench_yj_board_pack"
TODAY = date(2026, 12, 7)
AS_AT = TODAY - timedelta(days=30)
FORMATS = ("json", "csv", "xlsx", "pdf")


def configure() -> None:
    """Point Django at a fresh benchmark database."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DATABASE_URL", BENCH_DATABASE_URL)
    os.environ.update(
        DEBUG="false",
        SECRET_KEY="benchmark-only-secret-key",
        LOG_LEVEL="WARNING",
        DJANGO_SETTINGS_MODULE="yjtracker.settings",
    )
    os.environ.setdefault("DATA_DIR", tempfile.mkdtemp(prefix="yjtracker-bench-"))
    recreate_bench_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def event(kind, subject_type, subject_id, when, service_id, **data):
    from events.models import DispatchStatus, DomainEvent

    return DomainEvent(
        type=kind,
        subject_type=subject_type,
        subject_id=subject_id,
        occurred_at=when,
        service_id=service_id,
        data=data,
        dispatch_status=DispatchStatus.DONE,
    )


def action_events(action, service_id, updates):
    """The events the operations would have recorded over this action's life."""
    created_on = action.start_on
    yield event(
        "action.created",
        "action",
        action.pk,
        at(created_on),
        service_id,
        recommendation_id=action.recommendation_id,
        reference=action.reference,
        title=action.title,
        lead_agency_id=None,
        start_on=created_on.isoformat(),
        owner_id=action.owner_id,
        due_on=(action.due_on - timedelta(days=60)).isoformat(),
        status="not_started",
    )
    if action.pk % 5 == 0:  # one in five had its deadline moved
        yield event(
            "action.deadline_revised",
            "action",
            action.pk,
            at(created_on + timedelta(days=20)),
            service_id,
            old=(action.due_on - timedelta(days=60)).isoformat(),
            new=action.due_on.isoformat(),
            reason="Partner capacity",
        )
    for update in sorted(updates, key=lambda u: u.recorded_at):
        yield event(
            "progress.recorded",
            "action",
            action.pk,
            update.recorded_at,
            service_id,
            progress_update_id=update.pk,
            assessed_rag=update.assessed_rag,
            narrative=update.narrative,
            recorded_on=update.recorded_at.date().isoformat(),
        )
    yield from completion_events(action, service_id)


def completion_events(action, service_id):
    if action.status == "not_started":
        return
    yield event(
        "action.status_changed",
        "action",
        action.pk,
        at(action.start_on, 11),
        service_id,
        old="not_started",
        new="in_progress",
    )
    if action.status == "complete":
        done = at(TODAY - timedelta(days=40 + action.pk % 60))
        yield event(
            "action.completed",
            "action",
            action.pk,
            done,
            service_id,
            completed_on=done.date().isoformat(),
            closing_statement="Done, with evidence.",
        )
        if action.pk % 2:
            yield event(
                "action.signed_off", "action", action.pk, done + timedelta(days=7), service_id
            )


def write_events(service) -> int:
    """The event log of ``service``'s plan, written in chunks."""
    from actions.models import Action, ProgressUpdate
    from events.models import DomainEvent
    from inspections.models import Recommendation

    rows = [
        event(
            "recommendation.added",
            "recommendation",
            r.pk,
            at(TODAY - timedelta(days=365)),
            service.pk,
            inspection_id=r.inspection_id,
            number=r.number,
            text=r.text,
            addressee="service_manager",
        )
        for r in Recommendation.objects.filter(inspection__service=service)
    ]
    updates: dict[int, list] = {}
    for update in ProgressUpdate.objects.filter(
        action__recommendation__inspection__service=service
    ):
        updates.setdefault(update.action_id, []).append(update)
    for action in Action.objects.in_service(service).order_by("pk"):
        rows.extend(action_events(action, service.pk, updates.get(action.pk, [])))
    rows.sort(key=lambda e: e.occurred_at)  # ids in recorded order, as the outbox writes them
    DomainEvent.objects.bulk_create(rows, batch_size=5000)
    return len(rows)


def load(actions: int, progress: int) -> tuple[object, int]:
    from benchmarks.dataset import analyze, load_dataset
    from tenancy.models import YouthJusticeService

    load_dataset(
        services=1,
        inspections=20,
        actions=actions,
        progress_updates=progress,
        owners_per_service=25,
        today=TODAY,
        overdue_days=90,
        ahead_days=240,
        prefix="Pack",
    )
    service = YouthJusticeService.objects.get()
    count = write_events(service)
    analyze()
    return service, count


def measure(service, name: str, runs: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from board.exports import FORMATS as RENDERERS
    from board.pack import build_pack

    best = None
    for _ in range(runs):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            output = RENDERERS[name].render(build_pack(service, as_at=AS_AT))
            elapsed = time.perf_counter() - started
        best = elapsed if best is None else min(best, elapsed)
    peak = None
    if name != "pdf":
        tracemalloc.start()
        RENDERERS[name].render(build_pack(service, as_at=AS_AT))
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    return {
        "seconds": best,
        "queries": len(queries),
        "bytes": len(output),
        "peak": peak,
        "rss": rss,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actions", type=int, default=10_000)
    parser.add_argument("--progress", type=int, default=30_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--formats", default=",".join(FORMATS))
    options = parser.parse_args()
    configure()
    started = time.perf_counter()
    service, events = load(options.actions, options.progress)
    print(
        f"data       {options.actions} actions, {options.progress} progress updates, "
        f"{events} events (loaded in {time.perf_counter() - started:.1f} s); pack as at {AS_AT}"
    )
    print()
    print("| format | time (best of runs) | queries | output | peak Python memory | max RSS |")
    print("| --- | --- | --- | --- | --- | --- |")
    for name in options.formats.split(","):
        runs = options.runs if name != "pdf" else 1
        m = measure(service, name, runs)
        peak = "not traced" if m["peak"] is None else f"{m['peak'] / 2**20:.0f} MiB"
        print(
            f"| {name} | {m['seconds']:.2f} s | {m['queries']} | {m['bytes'] / 2**20:.1f} MiB "
            f"| {peak} | {m['rss'] / 2**20:.0f} MiB |",
            flush=True,
        )


if __name__ == "__main__":
    main()
