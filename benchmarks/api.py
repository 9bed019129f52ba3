"""API benchmark: the actions list, the service summary and the event feed against their floors.

Loads 50 services, 500 inspections, 100,000 actions and 300,000 progress updates
(``benchmarks.dataset``) and the event log the operations would have written into a PostgreSQL
database of its own (``yjtracker_bench_api``, created if missing; what is already there is not
loaded again). Then times each endpoint in-process with Django's test client and counts its
queries, beside a minimal view that returns the same rows with ``values()`` (the floor). Targets: each endpoint within 2x its floor, the summary under 100 ms.

    python -m benchmarks.api [--actions 100000] [--requests 50] [--json PATH] [--explain]

``--actions`` scales the data set from its 100,000-action default (inspections, progress updates
and events in proportion; always 50 services), in a database of its own per size.
``DATABASE_URL`` chooses another database; ``--json`` writes the figures keyed by what was
measured (``actions``, ``summary``, ``events``, ``events_deep``); ``--explain`` prints each
endpoint's queries with their times, to see which one is slow.
"""

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
import types
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
BENCH_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/yjtracker_bench_api"
EVENT_CHUNK = 5000
DEFAULT_ACTIONS = 100_000


def sizes_for(actions: int) -> dict[str, int]:
    """The data set for ``actions`` actions: the 100,000 default's proportions, 50 services."""
    scale = actions / DEFAULT_ACTIONS
    return {
        "services": 50,
        "inspections": max(50, round(500 * scale)),
        "actions": actions,
        "progress_updates": 3 * actions,
    }


SIZES = sizes_for(DEFAULT_ACTIONS)
PAGE_SIZE = 100
SUMMARY_TARGET_MS = 100.0
FLOOR_FACTOR = 2.0
BENCH_USERNAME = "bench_api_client"


def configure(actions: int = DEFAULT_ACTIONS) -> None:
    """Point Django at the benchmark database (created if missing) with production-like settings."""
    sys.path.insert(0, str(ROOT))
    suffix = "" if actions == DEFAULT_ACTIONS else f"_{actions}"
    os.environ.setdefault("DATABASE_URL", f"{BENCH_DATABASE_URL}{suffix}")
    # DEBUG off: no query log kept per request, as in production.
    os.environ.setdefault("DEBUG", "false")
    os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key")
    os.environ.setdefault("DATA_DIR", tempfile.mkdtemp(prefix="yjtracker-bench-"))
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ["DJANGO_SETTINGS_MODULE"] = "yjtracker.settings"
    ensure_database(os.environ["DATABASE_URL"])
    import django

    django.setup()


def ensure_database(url: str) -> None:
    """Create the PostgreSQL database named in ``url`` if it does not exist yet."""
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin_url = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin_url, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def load_data(sizes: dict[str, int] = SIZES) -> str:
    """Migrate, then bulk-load what is missing: the data set, standards, the event log, the
    benchmark's account; then ANALYZE everything, so the planner plans with what is really there
    (its 50 memberships included). Returns the account's API token."""
    from django.core.management import call_command
    from django.db import connection

    from actions.models import Action
    from benchmarks.dataset import load_dataset
    from events.models import DomainEvent
    from inspections.models import Recommendation

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    if Action.objects.count() < sizes["actions"]:
        print(f"Loading {load_dataset(**sizes)}", flush=True)
    if not Recommendation.standards.through.objects.exists():
        relate_standards()
    if not DomainEvent.objects.exists():
        load_events()
    token = bench_token()
    # Last, after every row the run reads (the account's memberships too): fresh bulk loads have
    # no planner statistics nor visibility map yet; production tables (autovacuumed) do, and
    # the plans and index-only scans depend on them.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(f"Data ready in {time.perf_counter() - started:.0f} s.", flush=True)
    return token


def relate_standards() -> None:
    """Relate each recommendation to one or two 2018 standards, so the summary has every level."""
    from inspections.models import Recommendation, Standard

    codes = list(
        Standard.objects.filter(domain__framework__code="2018").values_list("pk", flat=True)
    )
    through = Recommendation.standards.through
    ids = Recommendation.objects.values_list("pk", flat=True).order_by("pk")
    through.objects.bulk_create(
        [
            through(recommendation_id=rec_id, standard_id=codes[(rec_id + k * 5) % len(codes)])
            for rec_id in ids
            for k in range(1 + rec_id % 2)
        ],
        batch_size=EVENT_CHUNK,
    )


def _events_for(rows, event_type: str, data):
    from events.models import DispatchStatus, DomainEvent

    return [
        DomainEvent(
            type=event_type,
            occurred_at=row["at"],
            actor_id=row["actor"],
            service_id=row["service"],
            subject_type="action",
            subject_id=row["subject"],
            data=data(row),
            dispatch_status=DispatchStatus.DONE,
        )
        for row in rows
    ]


def load_events() -> None:
    """The event log the operations would have written: one ``action.created`` per action and one
    ``progress.recorded`` per progress update, in time order (the loader records no events)."""
    from django.db.models import F

    from actions.models import Action, ProgressUpdate
    from events.models import DomainEvent

    service = F("recommendation__inspection__service")
    created = Action.objects.values(
        at=F("created_at"), actor=F("owner"), subject=F("pk"), service=service
    )
    progress = ProgressUpdate.objects.values(
        "id",
        "assessed_rag",
        at=F("recorded_at"),
        actor=F("author"),
        subject=F("action"),
        service=F("action__recommendation__inspection__service"),
    )
    batches = [
        (created.order_by("pk"), "action.created", lambda row: {}),
        (
            progress.order_by("recorded_at", "pk"),
            "progress.recorded",
            lambda row: {"progress_update_id": row["id"], "assessed_rag": row["assessed_rag"]},
        ),
    ]
    for rows, event_type, data in batches:
        chunk = []
        for row in rows.iterator(chunk_size=EVENT_CHUNK):
            chunk.append(row)
            if len(chunk) == EVENT_CHUNK:
                DomainEvent.objects.bulk_create(_events_for(chunk, event_type, data))
                chunk = []
        DomainEvent.objects.bulk_create(_events_for(chunk, event_type, data))


def bench_token() -> str:
    """A token for a system account holding a role in every service (so pages are full)."""
    from django.contrib.auth import get_user_model
    from rest_framework.authtoken.models import Token

    from tenancy.choices import ServiceRole
    from tenancy.models import ServiceMembership, YouthJusticeService

    user, _ = get_user_model().objects.get_or_create(username=BENCH_USERNAME)
    ServiceMembership.objects.bulk_create(
        [
            ServiceMembership(user=user, service=service, role=ServiceRole.SERVICE_MANAGER)
            for service in YouthJusticeService.objects.all()
        ],
        ignore_conflicts=True,
    )
    return Token.objects.get_or_create(user=user)[0].key


@dataclass
class Timing:
    """Latency (ms) over many requests and the queries one request makes."""

    median_ms: float
    p95_ms: float
    queries: int
    status: int


def measure(client, url: str, requests: int, token: str, explain: bool = False) -> Timing:
    """Time ``requests`` GETs of ``url`` after a warm-up, and count one request's queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    headers = {"Authorization": f"Token {token}"}
    for _ in range(3):
        client.get(url, headers=headers)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, headers=headers)
    # Read now: every request starts by clearing the connection's query log.
    queries = len(captured)
    if explain:
        print(f"\n{url}")
        for query in captured.captured_queries:
            print(f"  {float(query['time']) * 1000:8.1f} ms  {query['sql'][:400]}")
    durations = []
    for _ in range(requests):
        started = time.perf_counter()
        client.get(url, headers=headers)
        durations.append((time.perf_counter() - started) * 1000)
    p95 = statistics.quantiles(durations, n=20)[-1]
    return Timing(statistics.median(durations), p95, queries, response.status_code)


def benchmark_urls(service_id: int, after_id: int, deep_after_id: int) -> list[tuple]:
    """(key, name, API URL, floor URL) for each measured endpoint."""
    actions_query = f"rag=red,amber&overdue=true&page_size={PAGE_SIZE}"
    events_query = f"after={after_id}&page_size={PAGE_SIZE}"
    deep_query = f"after={deep_after_id}&page_size={PAGE_SIZE}"
    return [
        (
            "actions",
            "actions list (100, rag+overdue)",
            f"/api/v1/actions/?{actions_query}",
            f"/floor/actions/?{actions_query}",
        ),
        (
            "summary",
            "service summary",
            f"/api/v1/services/{service_id}/summary/",
            f"/floor/services/{service_id}/summary/",
        ),
        (
            "events",
            "event feed (100, after= near the end)",
            f"/api/v1/events/?{events_query}",
            f"/floor/events/?{events_query}",
        ),
        (
            "events_deep",
            "event feed (100, after= from the start)",
            f"/api/v1/events/?{deep_query}",
            f"/floor/events/?{deep_query}",
        ),
    ]


def install_floor_urls() -> None:
    """Serve the project's URLs plus the floor views under ``/floor/``."""
    from django.conf import settings
    from django.urls import clear_url_caches, include, path

    from benchmarks import api_floor as floor

    urlconf = types.ModuleType("benchmark_urls")
    urlconf.urlpatterns = [
        path("floor/actions/", floor.actions_view),
        path("floor/services/<int:service_id>/summary/", floor.summary_view),
        path("floor/events/", floor.events_view),
        path("", include(settings.ROOT_URLCONF)),
    ]
    sys.modules["benchmark_urls"] = urlconf
    settings.ROOT_URLCONF = "benchmark_urls"
    clear_url_caches()


def verdict(name: str, api: Timing, floor_timing: Timing) -> str:
    ratio = api.median_ms / floor_timing.median_ms
    ok = ratio <= FLOOR_FACTOR and api.status == 200
    if name == "service summary":
        ok = ok and api.median_ms < SUMMARY_TARGET_MS
    return f"{ratio:.2f}x {'ok' if ok else 'ABOVE TARGET'}"


def report(rows: list[tuple[str, str, Timing, Timing]]) -> str:
    """A Markdown table for the README."""
    lines = [
        "| Endpoint | API median | API p95 | API queries | floor median | floor p95 | floor queries | API / floor |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for _key, name, api, floor_timing in rows:
        lines.append(
            f"| {name} | {api.median_ms:.1f} ms | {api.p95_ms:.1f} ms | {api.queries} "
            f"| {floor_timing.median_ms:.1f} ms | {floor_timing.p95_ms:.1f} ms "
            f"| {floor_timing.queries} | {verdict(name, api, floor_timing)} |"
        )
    return "\n".join(lines)


def figures(rows, actions: int) -> dict:
    """The ``--json`` object: per endpoint its timings, queries, floor and ratio, and the size."""
    return {
        key: {
            "median_ms": round(api.median_ms, 2),
            "p95_ms": round(api.p95_ms, 2),
            "queries": api.queries,
            "floor_median_ms": round(floor_timing.median_ms, 2),
            "floor_queries": floor_timing.queries,
            "ratio": round(api.median_ms / floor_timing.median_ms, 3),
            "rows": actions,
        }
        for key, _name, api, floor_timing in rows
    }


def run(requests: int, explain: bool, token: str) -> list:
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections
    from django.test import Client
    from django.test.utils import setup_test_environment

    from events.models import DomainEvent
    from tenancy.models import YouthJusticeService

    setup_test_environment()
    # As in Django's own tests: keep one connection for the run (persistent connections, as
    # production would use) so every request is timed without a reconnect and its queries counted.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    install_floor_urls()
    service = YouthJusticeService.objects.order_by("pk").first()
    last_event = DomainEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    first_event = DomainEvent.objects.order_by("pk").values_list("pk", flat=True).first() or 0
    client = Client()
    rows = []
    urls = benchmark_urls(service.pk, max(last_event - 5_000, 0), first_event)
    for key, name, api_url, floor_url in urls:
        api = measure(client, api_url, requests, token, explain)
        if api.status != 200:
            print(f"{api_url} answered {api.status}")
        check_same_rows(client, token, api_url, floor_url)
        rows.append((key, name, api, measure(client, floor_url, requests, token, explain)))
    return rows


def measure_admin(requests: int) -> dict:
    """The admin's action list and its search, for the benchmark account (a manager of every
    service) and a superuser: time, queries and page size."""
    from django.contrib.auth import get_user_model
    from django.db import connections
    from django.template import Template
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, _TestState

    # setup_test_environment instruments every template render (for assertTemplateUsed): the
    # admin's pages are templates, so render them as production does.
    Template._render = _TestState.saved_data.template_render
    connection = connections["default"]
    User = get_user_model()
    superuser, _ = User.objects.get_or_create(
        username="bench_superuser", defaults={"is_superuser": True, "is_staff": True}
    )
    manager = User.objects.get(username=BENCH_USERNAME)
    manager.is_staff = True
    manager.save(update_fields=["is_staff"])
    pages = {
        "admin_list_manager": (manager, "/admin/actions/action/?mine=false"),
        "admin_list_superuser": (superuser, "/admin/actions/action/?mine=false"),
        "admin_search": (manager, "/admin/actions/action/?mine=false&q=action+777"),
    }
    results = {}
    for key, (user, url) in pages.items():
        client = Client()
        client.force_login(user)
        for _ in range(2):
            client.get(url)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        # Read now: the captured queries are a slice of the connection's log, which the next
        # request clears (``measure`` does the same).
        queries = len(captured)
        durations = []
        for _ in range(requests):
            started = time.perf_counter()
            client.get(url)
            durations.append((time.perf_counter() - started) * 1000)
        results[key] = {
            "median_ms": round(statistics.median(durations), 2),
            "p95_ms": round(statistics.quantiles(durations, n=20)[-1], 2),
            "queries": queries,
            "kib": round(len(response.content) / 1024, 1),
            "status": response.status_code,
        }
    return results


def check_same_rows(client, token: str, api_url: str, floor_url: str) -> None:
    """Warn when a list and its floor disagree on the rows (the comparison would be unfair)."""
    headers = {"Authorization": f"Token {token}"}
    api, floor_rows = (client.get(url, headers=headers).json() for url in (api_url, floor_url))
    if "results" not in api:
        return
    ids = [[row["id"] for row in body["results"]] for body in (api, floor_rows)]
    if api["count"] != floor_rows["count"] or ids[0] != ids[1]:
        print(f"WARNING: {api_url} and its floor return different rows")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Benchmark the API against its values() floor.")
    parser.add_argument("--requests", type=int, default=50, help="timed requests per endpoint")
    parser.add_argument("--explain", action="store_true", help="print each endpoint's queries")
    parser.add_argument(
        "--actions", type=int, default=DEFAULT_ACTIONS, help="the data set's size in actions"
    )
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)
    configure(args.actions)
    token = load_data(sizes_for(args.actions))
    rows = run(args.requests, args.explain, token)
    print(report(rows))
    admin = measure_admin(max(args.requests // 5, 5))
    for key, figure in admin.items():
        print(f"{key}: {figure}")
    if args.json:
        result = figures(rows, args.actions)
        result.update({key: {**figure, "rows": args.actions} for key, figure in admin.items()})
        args.json.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
