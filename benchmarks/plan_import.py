"""Plan import benchmark: a 5,000-row XLSX previewed, imported and imported again on PostgreSQL.

Builds its own data in a PostgreSQL database of its own (``bench_yj_plan_import``, dropped and
created afresh each run): one service with a manager, 50 plan owners and a partner agency, and
an inspection with no plan yet. The file (made with openpyxl, as Excel would save it) has 500
recommendations of 10 actions each, every row with an owner (by email or by name), date cells
and text dates, a progress note and a RAG. Then:

1. **preview**: ``preview_plan_import`` (what the admin's preview and ``dry_run=true`` run);
2. **import**: ``import_plan``, every row through the plan's operations in one transaction;
3. **again**: the same file imported a second time must change nothing and record no event.

Targets (issue 11): preview under 10 s, import under 30 s, memory flat (the reader is
openpyxl's read-only one). It reports wall time, SQL queries, the peak of Python allocations
during a second preview (under tracemalloc, which slows it) and the process's maximum RSS.
Each step runs once (an import cannot be repeated on the same data): its median and p95 are
that run.

    python -m benchmarks.plan_import [--rows 5000] [--json PATH]

``--json PATH`` writes ``{"preview", "import", "again": {"median_ms", "p95_ms", "queries", ...},
"rows", ...}``. ``DATABASE_URL`` may name another database whose name contains ``bench``.
"""

import argparse
import io
import os
import resource
import sys
import tempfile
import time
import tracemalloc
from datetime import date, timedelta
from pathlib import Path

from benchmarks.support import figures, recreate_bench_database, write_json

ROOT = Path(__file__).resolve().parent.parent
BENCH_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/bench_yj_plan_import"
ACTIONS_PER_RECOMMENDATION = 10
OWNERS = 50
TODAY = date(2026, 11, 23)


def configure() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DATABASE_URL", BENCH_DATABASE_URL)
    os.environ.update(
        DEBUG="false",
        SECRET_KEY="benchmark-only-secret-key",
        LOG_LEVEL="WARNING",
        DJANGO_SETTINGS_MODULE="yjtracker.settings",
        PLAN_IMPORT_MAX_MEGABYTES="50",
    )
    os.environ.setdefault("DATA_DIR", tempfile.mkdtemp(prefix="yjtracker-bench-"))
    recreate_bench_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def setup_service():
    """The service, its manager, owners and agency, and an inspection with no plan."""
    from inspections.models import Framework, Inspection
    from tenancy.accounts import grant_role
    from tenancy.choices import AgencyKind, ServiceRole
    from tenancy.models import PartnerAgency, YouthJusticeService

    service = YouthJusticeService.objects.create(name="Bench Youth Justice Service")
    manager = grant_role(username="manager", service=service, role=ServiceRole.SERVICE_MANAGER)
    for n in range(OWNERS):
        grant_role(
            username=f"owner{n}",
            service=service,
            role=ServiceRole.PLAN_OWNER,
            email=f"owner{n}@bench.example",
            first_name="Owner",
            last_name=f"Number{n}",
        )
    PartnerAgency.objects.create(service=service, name="Bench Police", kind=AgencyKind.POLICE)
    inspection = Inspection.objects.create(
        service=service,
        framework=Framework.objects.get(code="2018"),
        kind="single",
        fieldwork_start_on=date(2026, 1, 12),
        fieldwork_end_on=date(2026, 1, 16),
    )
    return inspection, manager


def plan_file(rows: int) -> bytes:
    """A council's plan of ``rows`` actions, with date cells and text dates, as XLSX."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(
        [
            "Ref",
            "Recommendation",
            "Action required",
            "Lead officer",
            "Lead agency",
            "Start date",
            "Planned completion date",
            "Progress and impact",
            "RAG",
        ]
    )
    for index in range(rows):
        number, letter = divmod(index, ACTIONS_PER_RECOMMENDATION)
        owner = index % OWNERS
        due = TODAY + timedelta(days=30 + index % 300)
        sheet.append(
            [
                f"{number + 1}{'abcdefghij'[letter]}",
                f"Recommendation {number + 1}: improve the quality of work" if letter == 0 else "",
                f"Action {index}: audit, train and review the practice of the team",
                f"owner{owner}@bench.example" if owner % 2 else f"Owner Number{owner}",
                "Bench Police" if index % 3 == 0 else "",
                date(2026, 1, 5) if index % 2 else "05/01/2026",
                due if index % 2 else f"{due:%d %B %Y}",
                f"Progress on action {index}: started, with partners engaged.",
                ("Green", "Amber", "A/G", "Red")[index % 4],
            ]
        )
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def timed(label: str, function, results: dict, *, trace: bool = False):
    """Run ``function``, storing its wall time and SQL query count (and, with ``trace``, the
    peak of Python allocations) under ``label``."""
    from django.db import connection

    queries = 0

    def count(execute, sql, params, many, context):
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    if trace:
        tracemalloc.start()
    started = time.perf_counter()
    with connection.execute_wrapper(count):
        value = function()
    results[label] = figures([time.perf_counter() - started], queries)
    if trace:
        results[label]["peak_python_mib"] = round(tracemalloc.get_traced_memory()[1] / 2**20, 1)
        tracemalloc.stop()
    return value


def run(rows: int) -> dict:
    configure()
    import time_machine

    from benchmarks.dataset import analyze
    from events.models import DomainEvent
    from spreadsheets.operations import import_plan, preview_plan_import

    inspection, manager = setup_service()
    analyze()  # After all setup, as autovacuum would have by now on a live database.
    content = plan_file(rows)
    results: dict = {"rows": rows, "file_kib": len(content) // 1024}
    options = {
        "inspection": inspection,
        "actor": manager,
        "content": content,
        "file_name": "bench.xlsx",
    }
    with time_machine.travel(TODAY, tick=True):
        preview = timed("preview", lambda: preview_plan_import(**options), results)
        assert not preview.errors, preview.errors[:3]
        # Again under tracemalloc (which slows it), for the peak of Python allocations alone.
        timed("preview_memory", lambda: preview_plan_import(**options), results, trace=True)
        imported = timed("import", lambda: import_plan(**options), results)
        assert imported.created["actions"] == rows, imported.created
        events = DomainEvent.objects.count()
        again = timed("again", lambda: import_plan(**options), results)
    results["again"]["unchanged"] = again.unchanged
    results["again"]["new_events"] = DomainEvent.objects.count() - events
    results["import"]["events"] = results["events_recorded"] = events
    results["max_rss_mib"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    return results


def seconds(measure: dict) -> str:
    return f"{measure['median_ms'] / 1000:.1f} s"


def table(results: dict) -> str:
    preview, imported, again = results["preview"], results["import"], results["again"]
    lines = [
        f"{results['rows']:,} rows ({results['file_kib']:,} KiB XLSX) on PostgreSQL",
        "",
        "| Step | Wall time | SQL queries | Notes |",
        "| --- | ---: | ---: | --- |",
        f"| Preview | {seconds(preview)} | {preview['queries']} | "
        f"peak Python allocations {results['preview_memory']['peak_python_mib']} MiB |",
        f"| Import | {seconds(imported)} | {imported['queries']:,} | "
        f"{results['events_recorded']:,} events |",
        f"| Same file again | {seconds(again)} | {again['queries']} | "
        f"{again['unchanged']:,} rows unchanged, {again['new_events']} events |",
        "",
        f"Max RSS {results['max_rss_mib']} MiB.",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--json", metavar="PATH", help="also write the figures there as JSON")
    options = parser.parse_args()
    results = run(options.rows)
    write_json(options.json, results)
    print(table(results))


if __name__ == "__main__":
    main()
