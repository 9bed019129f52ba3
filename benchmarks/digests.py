"""Digest benchmark: 1,000 board members across 50 services, delivered over SMTP on loopback.

Builds its own data in a PostgreSQL database of its own (``bench_yj_digests``, dropped and
created afresh each run): 50 services, each with a board of 20 members, 2 inspections, 10
recommendations and 40 actions in every state a digest reports (turned red, overdue, deadline
revised, awaiting sign-off, due soon, on track). Then, as beat would on Monday 7 December 2026
at 09:00 London:

1. **compose**: ``record_due_digests`` selects the due members, composes each service's content
   once and writes the ledger rows (SQL queries counted per service batch);
2. **deliver**: each queued row is sent by ``delivery.pipeline.deliver`` (what ``send_email_task``
   runs) through Django's SMTP backend to an aiosmtpd server on 127.0.0.1;
3. **again**: the job runs a second time and must queue nothing.

It reports wall time per phase, queries, emails received and peak memory (the process's maximum
RSS; with ``--tracemalloc`` also the peak of Python allocations, which slows the phases).

    python -m benchmarks.digests [--services 50] [--members 20] [--actions 100000] [--tracemalloc]

With ``--actions``, the services are those of issue 12's data set (``benchmarks.dataset``, the
API benchmark's) at that size, each board seating ``--members`` people.
"""

import argparse
import os
import resource
import sys
import tempfile
import time
import tracemalloc
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from benchmarks.support import free_port, recreate_bench_database

ROOT = Path(__file__).resolve().parent.parent
BENCH_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/bench_yj_digests"
NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)  # a Monday (and the first of December)
TODAY = date(2026, 12, 7)
ACTIONS_PER_RECOMMENDATION = 4
RECOMMENDATIONS_PER_INSPECTION = 5
INSPECTIONS_PER_SERVICE = 2


def configure(smtp_port: int) -> None:
    """Point Django at a fresh benchmark database and at the loopback SMTP server."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DATABASE_URL", BENCH_DATABASE_URL)
    os.environ.update(
        DEBUG="false",
        SECRET_KEY="benchmark-only-secret-key",
        LOG_LEVEL="WARNING",
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(smtp_port),
        DJANGO_SETTINGS_MODULE="yjtracker.settings",
    )
    os.environ.setdefault("DATA_DIR", tempfile.mkdtemp(prefix="yjtracker-bench-"))
    recreate_bench_database(os.environ["DATABASE_URL"])
    import django

    django.setup()


class CountingHandler:
    """aiosmtpd handler that counts the messages and recipients it accepts."""

    def __init__(self) -> None:
        self.messages = 0
        self.recipients: Counter = Counter()
        self.bytes = 0

    async def handle_DATA(self, server, session, envelope):
        self.messages += 1
        self.recipients.update(envelope.rcpt_tos)
        self.bytes += len(envelope.content)
        return "250 Message accepted"


def start_smtp(port: int):
    from aiosmtpd.controller import Controller

    handler = CountingHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=port, server_hostname="localhost")
    controller.start()
    return controller, handler


def make_people(services, members: int):
    """One owner per service and ``members`` board members (users, memberships, seats)."""
    from django.contrib.auth import get_user_model

    from tenancy.choices import BoardRole, ServiceRole
    from tenancy.models import Board, BoardMember, ServiceMembership

    User = get_user_model()
    users = [
        User(
            username=f"s{s.pk}-{n}",
            email=f"s{s.pk}-{n}@example.org",
            first_name="Member",
            last_name=str(n),
        )
        for s in services
        for n in range(members + 1)
    ]
    User.objects.bulk_create(users, batch_size=1000)
    users = {u.username: u for u in User.objects.all()}
    boards = Board.objects.bulk_create([Board(service=s) for s in services])
    ServiceMembership.objects.bulk_create(
        ServiceMembership(
            user=users[f"s{s.pk}-{n}"],
            service=s,
            role=ServiceRole.BOARD_MEMBER if n else ServiceRole.PLAN_OWNER,
        )
        for s in services
        for n in range(members + 1)
    )
    BoardMember.objects.bulk_create(
        BoardMember(
            board=b,
            user=users[f"s{b.service_id}-{n}"],
            role=BoardRole.CHAIR if n == 1 else BoardRole.MEMBER,
        )
        for b in boards
        for n in range(1, members + 1)
    )
    return {s.pk: users[f"s{s.pk}-0"] for s in services}


def make_plans(services):
    from inspections.choices import InspectionKind
    from inspections.models import Framework, Inspection, Recommendation

    framework = Framework.objects.get(code="2018")
    inspections = Inspection.objects.bulk_create(
        Inspection(
            service=s,
            framework=framework,
            kind=InspectionKind.SINGLE,
            title=f"{s.name} {2022 + i}",
            fieldwork_start_on=date(2022 + i, 3, 1),
            fieldwork_end_on=date(2022 + i, 3, 5),
        )
        for s in services
        for i in range(INSPECTIONS_PER_SERVICE)
    )
    return Recommendation.objects.bulk_create(
        Recommendation(inspection=i, number=n + 1, text=f"Recommendation {n + 1}")
        for i in inspections
        for n in range(RECOMMENDATIONS_PER_INSPECTION)
    )


def action_state(n: int) -> dict:
    """The n-th action's state: cycles through everything a digest reports."""
    states = [
        {"due_on": TODAY - timedelta(days=5), "rag": "red"},  # overdue
        {"due_on": TODAY + timedelta(days=10), "rag": "amber"},  # due soon
        {"due_on": TODAY + timedelta(days=90), "rag": "red"},  # turned red (assessed)
        {"due_on": TODAY + timedelta(days=60), "rag": "green"},  # deadline revised
        {
            "due_on": TODAY - timedelta(days=2),
            "rag": "blue",
            "status": "complete",
            "completed_on": TODAY - timedelta(days=3),
        },
        {"due_on": TODAY + timedelta(days=120), "rag": "green"},
        {"due_on": TODAY + timedelta(days=25), "rag": "amber"},
        {"due_on": TODAY + timedelta(days=200), "rag": "green"},
    ]
    return states[n % len(states)]


def make_actions(recommendations, owners):
    from actions.models import Action

    rows = []
    for recommendation in recommendations:
        service_id = recommendation.inspection.service_id
        for n in range(ACTIONS_PER_RECOMMENDATION):
            state = action_state(len(rows))
            rows.append(
                Action(
                    recommendation=recommendation,
                    reference=f"{recommendation.number}{'abcd'[n]}",
                    title=f"Improvement action {recommendation.number}{'abcd'[n]}",
                    owner=owners[service_id],
                    original_due_on=state["due_on"],
                    **state,
                )
            )
    return Action.objects.bulk_create(rows, batch_size=1000)


def make_events(actions):
    """The week's events: RAG turned red, deadlines revised, progress recorded."""
    from events.catalogue import EventType
    from events.models import DispatchStatus, DomainEvent

    events = []
    for n, action in enumerate(actions):
        service_id = action.recommendation.inspection.service_id
        at = NOW - timedelta(days=1 + n % 6)
        common = {
            "subject_type": "action",
            "subject_id": action.pk,
            "service_id": service_id,
            "occurred_at": at,
            "dispatch_status": DispatchStatus.DONE,
        }
        if action.rag == "red":
            events.append(
                DomainEvent(
                    type=EventType.ACTION_RAG_CHANGED, data={"old": "amber", "new": "red"}, **common
                )
            )
        if n % 8 == 3:
            old = (action.due_on - timedelta(days=45)).isoformat()
            data = {
                "old": old,
                "new": action.due_on.isoformat(),
                "reason": "Partner data not yet available",
            }
            events.append(DomainEvent(type=EventType.ACTION_DEADLINE_REVISED, data=data, **common))
        events.append(
            DomainEvent(type=EventType.PROGRESS_RECORDED, data={"assessed_rag": "green"}, **common)
        )
    DomainEvent.objects.bulk_create(events, batch_size=2000)
    return len(events)


def load_large(services: int, members: int, actions: int) -> dict:
    """Issue 12's data set (``benchmarks.dataset``, scaled to ``actions``) with ``members`` board
    seats per service (its chair and more members) and the week's events over every action."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from actions.models import Action
    from benchmarks.api import sizes_for
    from benchmarks.dataset import load_dataset
    from tenancy.choices import BoardRole, ServiceRole
    from tenancy.models import Board, BoardMember, ServiceMembership

    call_command("migrate", verbosity=0)
    load_dataset(**{**sizes_for(actions), "services": services}, today=TODAY)
    User = get_user_model()
    boards = list(Board.objects.all())
    extra = members - 1  # the data set seats a chair already
    User.objects.bulk_create(
        [
            User(username=f"b{b.pk}-{n}", email=f"b{b.pk}-{n}@example.org", last_name=str(n))
            for b in boards
            for n in range(extra)
        ],
        batch_size=1000,
    )
    users = {u.username: u for u in User.objects.filter(username__startswith="b")}
    ServiceMembership.objects.bulk_create(
        ServiceMembership(
            user=users[f"b{b.pk}-{n}"], service_id=b.service_id, role=ServiceRole.BOARD_MEMBER
        )
        for b in boards
        for n in range(extra)
    )
    BoardMember.objects.bulk_create(
        BoardMember(board=b, user=users[f"b{b.pk}-{n}"], role=BoardRole.MEMBER)
        for b in boards
        for n in range(extra)
    )
    everything = list(Action.objects.select_related("recommendation__inspection"))
    return {
        "services": services,
        "members": BoardMember.objects.count(),
        "actions": len(everything),
        "events": make_events(everything),
    }


def load(services: int, members: int) -> dict:
    from django.core.management import call_command

    from tenancy.models import YouthJusticeService

    call_command("migrate", verbosity=0)
    created = YouthJusticeService.objects.bulk_create(
        YouthJusticeService(name=f"Bench {n:03d} Youth Justice Service") for n in range(services)
    )
    owners = make_people(created, members)
    recommendations = make_plans(created)
    actions = make_actions(recommendations, owners)
    return {
        "services": services,
        "members": services * members,
        "actions": len(actions),
        "events": make_events(actions),
    }


class QueryCounter:
    """``connection.execute_wrapper`` that counts queries."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def compose() -> tuple[object, list[int], int]:
    """Run the job's compose phase, counting the queries of each service batch."""
    from django.db import connection

    from notifications import digests

    per_batch: list[int] = []
    counter = QueryCounter()
    record_one = digests.record_service_digests

    def counted(service, due, *, now):
        before = counter.count
        result = record_one(service, due, now=now)
        per_batch.append(counter.count - before)
        return result

    digests.record_service_digests = counted
    try:
        with connection.execute_wrapper(counter):
            run = digests.record_due_digests(now=NOW)
    finally:
        digests.record_service_digests = record_one
    return run, per_batch, counter.count


def deliver(ids: list[int]) -> tuple[Counter, int]:
    from django.db import connection
    from django.utils import timezone

    from delivery.pipeline import deliver as deliver_row

    def send(pk: int) -> str:
        row = deliver_row(pk, now=max(NOW, timezone.now()))
        return "skipped" if row is None else row.status

    counter = QueryCounter()
    with connection.execute_wrapper(counter):
        outcomes = Counter(send(pk) for pk in ids)
    return outcomes, counter.count


def timed(label: str, fn, *args):
    started = time.perf_counter()
    result = fn(*args)
    elapsed = time.perf_counter() - started
    print(f"{label:<10} {elapsed:8.2f} s")
    return result, elapsed


def max_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=50)
    parser.add_argument("--members", type=int, default=20, help="board members per service")
    parser.add_argument(
        "--actions",
        type=int,
        default=0,
        help="use issue 12's data set of this many actions (e.g. 100000) instead of 40 a service",
    )
    parser.add_argument(
        "--tracemalloc",
        action="store_true",
        help="also trace Python allocations for their peak (slows both phases several times)",
    )
    options = parser.parse_args()
    port = free_port()
    configure(port)
    controller, smtp = start_smtp(port)
    try:
        if options.actions:
            sizes, _ = timed("load", load_large, options.services, options.members, options.actions)
        else:
            sizes, _ = timed("load", load, options.services, options.members)
        print(f"data       {sizes}")
        rss_after_load = max_rss_mib()
        if options.tracemalloc:
            tracemalloc.start()
        (run, per_batch, queries), compose_s = timed("compose", compose)
        (outcomes, send_queries), deliver_s = timed("deliver", deliver, run.queued)
        peak = tracemalloc.get_traced_memory()[1] if options.tracemalloc else None
        tracemalloc.stop()
        rss = (rss_after_load, max_rss_mib())
        (again, _, again_queries), _ = timed("again", compose)
        print()
        report(run, per_batch, queries, outcomes, send_queries, compose_s, deliver_s, smtp)
        print_memory(rss, peak)
        print(
            f"again      {again.recorded} rows written, {len(again.queued)} queued, {again_queries} queries"
        )
    finally:
        controller.stop()


def report(run, per_batch, queries, outcomes, send_queries, compose_s, deliver_s, smtp):
    sent = outcomes.get("sent", 0)
    total = compose_s + deliver_s
    print(
        f"composed   {run.recorded} ledger rows for {run.services} services ({run.quiet} quiet), {len(run.queued)} queued"
    )
    print(
        f"queries    compose {queries} total: selection {queries - sum(per_batch)}, per service batch min {min(per_batch)} max {max(per_batch)}"
    )
    print(
        f"delivered  {dict(outcomes)}; SMTP server received {smtp.messages} messages for {len(smtp.recipients)} recipients, {smtp.bytes / max(smtp.messages, 1) / 1024:.1f} KiB each"
    )
    print(f"queries    deliver {send_queries} total, {send_queries / max(sent, 1):.1f} per email")
    print(
        f"wall time  compose {compose_s:.2f} s ({compose_s / max(run.services, 1) * 1000:.0f} ms per service) + deliver {deliver_s:.2f} s ({deliver_s / max(sent, 1) * 1000:.1f} ms per email) = {total:.2f} s"
    )


def print_memory(rss, peak):
    print(f"memory     max RSS {rss[1]:.0f} MiB ({rss[0]:.0f} MiB after loading the data)")
    if peak is not None:
        print(
            f"memory     tracemalloc peak of Python allocations while composing and delivering: {peak / 2**20:.1f} MiB"
        )


if __name__ == "__main__":
    main()
