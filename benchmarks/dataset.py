"""A reusable bulk loader for benchmarks: services, people, inspections, actions, progress.

``load_dataset(services=50, inspections=500, actions=100_000, progress_updates=300_000)`` writes
everything with ``bulk_create`` in chunks (no operations, no events), deterministically from a
seed, and returns what it loaded. Every service gets a manager, a board with a chair, and
``owners_per_service`` plan owners. Deadlines spread from ``overdue_days`` before ``today`` to
``ahead_days`` after it, so every reminder, escalation and update-request rule has work to do;
about 15% of actions are complete, 20% not started and the rest in progress. Stored RAGs and
roll-ups are computed with the project's own rules, so lists and filters see realistic data.

Run inside a configured Django (``django.setup()`` done, migrations applied).
"""

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

CHUNK = 5000
RECOMMENDATIONS_PER_INSPECTION = 6


@dataclass
class Dataset:
    """What ``load_dataset`` created."""

    services: int = 0
    users: int = 0
    inspections: int = 0
    recommendations: int = 0
    actions: int = 0
    progress_updates: int = 0


def _chunks(items, size: int = CHUNK):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def make_services(count: int, prefix: str):
    from tenancy.models import Board, YouthJusticeService

    services = YouthJusticeService.objects.bulk_create(
        YouthJusticeService(name=f"{prefix} {n:04d} Youth Justice Service") for n in range(count)
    )
    Board.objects.bulk_create(Board(service=service) for service in services)
    return services


def make_people(services, owners_per_service: int, prefix: str) -> dict[int, list]:
    """A manager, a board chair and plan owners per service. Returns owners by service id."""
    from django.contrib.auth import get_user_model

    from tenancy.choices import BoardRole, ServiceRole
    from tenancy.models import Board, BoardMember, ServiceMembership

    user_model = get_user_model()
    roles = ["manager", "chair", *(f"owner{n}" for n in range(owners_per_service))]
    users = user_model.objects.bulk_create(
        user_model(
            username=f"{prefix.lower()}-{service.pk}-{role}",
            email=f"{prefix.lower()}-{service.pk}-{role}@example.org",
            first_name=role.capitalize(),
            last_name=f"of service {service.pk}",
            password="!",  # unusable: benchmark people never log in
        )
        for service in services
        for role in roles
    )
    by_service = {
        service.pk: users[i * len(roles) : (i + 1) * len(roles)]
        for i, service in enumerate(services)
    }
    role_of = {"manager": ServiceRole.SERVICE_MANAGER, "chair": ServiceRole.BOARD_MEMBER}
    ServiceMembership.objects.bulk_create(
        ServiceMembership(
            user=user, service_id=service_id, role=role_of.get(role, ServiceRole.PLAN_OWNER)
        )
        for service_id, people in by_service.items()
        for user, role in zip(people, roles, strict=True)
    )
    boards = dict(Board.objects.filter(service__in=services).values_list("service_id", "pk"))
    BoardMember.objects.bulk_create(
        BoardMember(board_id=boards[service_id], user=people[1], role=BoardRole.CHAIR)
        for service_id, people in by_service.items()
    )
    return {service_id: people[2:] for service_id, people in by_service.items()}


def make_plans(services, inspections: int, today: date):
    """``inspections`` published inspections spread over the services, with recommendations."""
    from inspections.choices import InspectionKind
    from inspections.models import Framework, Inspection, Recommendation

    framework = Framework.objects.get(code="2018")
    created = Inspection.objects.bulk_create(
        Inspection(
            service=services[n % len(services)],
            framework=framework,
            kind=InspectionKind.SINGLE,
            title=f"Inspection {n + 1}",
            fieldwork_start_on=today - timedelta(days=400 + n % 300),
            fieldwork_end_on=today - timedelta(days=396 + n % 300),
            published_on=today - timedelta(days=300 + n % 300),
        )
        for n in range(inspections)
    )
    return Recommendation.objects.bulk_create(
        (
            Recommendation(inspection=inspection, number=n + 1, text=f"Recommendation {n + 1}")
            for inspection in created
            for n in range(RECOMMENDATIONS_PER_INSPECTION)
        ),
        batch_size=CHUNK,
    )


def action_status(n: int) -> str:
    """The n-th action's status: 15% complete, 20% not started, 65% in progress."""
    slot = n % 20
    if slot < 3:
        return "complete"
    return "not_started" if slot < 7 else "in_progress"


def build_action(n, recommendation, owner, due_on, today, rng):
    """One unsaved action with a RAG computed by the project's rule."""
    from actions.models import Action
    from actions.rag import action_rag

    status = action_status(n)
    started = status != "not_started"
    last_progress_on = today - timedelta(days=rng.randint(0, 70)) if started else None
    assessed = rng.choice(["green", "green", "amber", "red"]) if started else ""
    start_on = min(due_on, today) - timedelta(days=120)
    rag = action_rag(
        complete=status == "complete",
        due_on=due_on,
        latest_assessed_rag=assessed or None,
        last_activity_on=last_progress_on or start_on,
        today=today,
    )
    return Action(
        recommendation=recommendation,
        reference=f"{n + 1}",
        title=f"Improvement action {n + 1}",
        owner=owner,
        start_on=start_on,
        original_due_on=due_on,
        due_on=due_on,
        status=status,
        completed_on=today - timedelta(days=1) if status == "complete" else None,
        rag=rag,
        last_progress_on=last_progress_on,
        last_assessed_rag=assessed,
    )


def make_progress(actions, per_action: list[int], today: date):
    from actions.models import ProgressUpdate
    from core.clock import LONDON

    updates = []
    for action, count in zip(actions, per_action, strict=True):
        for k in range(count):
            on = action.last_progress_on - timedelta(days=30 * k)
            updates.append(
                ProgressUpdate(
                    action=action,
                    author_id=action.owner_id,
                    recorded_at=datetime.combine(on, time(10), tzinfo=LONDON),
                    narrative=f"Progress note {k + 1} on action {action.reference}.",
                    assessed_rag=action.last_assessed_rag if k == 0 else "green",
                )
            )
    ProgressUpdate.objects.bulk_create(updates, batch_size=CHUNK)
    return len(updates)


def make_actions(recommendations, owners, count: int, progress_updates: int, today, rng, spread):
    """``count`` actions over the recommendations, and ``progress_updates`` spread over the
    started ones (none on not-started actions). Returns (actions, updates) created."""
    from actions.models import Action

    started = sum(action_status(n) != "not_started" for n in range(count))
    base, extra = divmod(progress_updates, max(started, 1))
    made_actions = made_updates = seen_started = 0
    for chunk_start in range(0, count, CHUNK):
        batch = []
        for n in range(chunk_start, min(chunk_start + CHUNK, count)):
            recommendation = recommendations[n % len(recommendations)]
            people = owners[recommendation.inspection.service_id]
            due_on = today + timedelta(days=rng.randint(*spread))
            batch.append(
                build_action(n, recommendation, people[n % len(people)], due_on, today, rng)
            )
        Action.objects.bulk_create(batch, batch_size=CHUNK)
        per_action = []
        for action in batch:
            if action.last_progress_on is None:
                per_action.append(0)
                continue
            per_action.append(base + (1 if seen_started < extra else 0))
            seen_started += 1
        made_updates += make_progress(batch, per_action, today)
        made_actions += len(batch)
    return made_actions, made_updates


def refresh_stored_rollups(today: date) -> None:
    """Store every recommendation's and inspection's rolled-up RAG (no events: a fresh load)."""
    from actions.rag import RagCounts
    from actions.rollup import rag_counts
    from inspections.models import Inspection, Recommendation

    recommendations = Recommendation.objects.all()
    for model, queryset, by in (
        (Recommendation, recommendations, "id"),
        (Inspection, recommendations, "inspection"),
    ):
        counts = rag_counts(queryset, by=by, today=today)
        rows = list(model.objects.only("pk", "rag"))
        for row in rows:
            row.rag = counts.get(row.pk, RagCounts()).rag
        model.objects.bulk_update(rows, ["rag"], batch_size=CHUNK)


def analyze() -> None:
    """Refresh the planner's statistics, as autovacuum would on a live database after a load."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def load_dataset(
    *,
    services: int = 50,
    inspections: int = 500,
    actions: int = 100_000,
    progress_updates: int = 300_000,
    owners_per_service: int = 10,
    today: date | None = None,
    overdue_days: int = 60,
    ahead_days: int = 300,
    prefix: str = "Bench",
    seed: int = 2026,
) -> Dataset:
    """Bulk-load a data set of the given size; see the module docstring for its shape."""
    from django.db import transaction

    from core import clock

    today = today or clock.today()
    rng = random.Random(seed)
    with transaction.atomic():
        created = make_services(services, prefix)
        owners = make_people(created, owners_per_service, prefix)
        recommendations = make_plans(created, inspections, today)
        spread = (-overdue_days, ahead_days)
        made, updates = make_actions(
            recommendations, owners, actions, progress_updates, today, rng, spread
        )
        refresh_stored_rollups(today)
    analyze()
    return Dataset(
        services=services,
        users=services * (owners_per_service + 2),
        inspections=inspections,
        recommendations=len(recommendations),
        actions=made,
        progress_updates=updates,
    )
