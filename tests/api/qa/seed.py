"""A small, realistic plan written through the operations, so every endpoint has objects.

Two services (so another service's ids exist and must answer 404), each role, one inspection
with all twelve 2018 standards rated, recommendations, actions that are overdue, due soon,
complete and signed off, progress updates, a deadline revision and the events they record.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.contrib.auth import get_user_model

from actions.models import Action
from actions.operations.actions import complete_action, save_action, sign_off_action
from actions.operations.progress import record_progress
from actions.operations.recommendations import save_recommendation
from actions.operations.revisions import request_deadline_revision
from inspections.choices import InspectionKind, Rating
from inspections.models import Framework, Inspection, Recommendation, Standard
from inspections.operations import save_inspection
from tenancy.choices import AgencyKind, ServiceRole
from tenancy.models import PartnerAgency
from tests.factories import MEDWAY_RATINGS, BoardFactory, ServiceFactory, board_member, member

PASSWORD = "correct-horse-battery"


@dataclass
class SeededService:
    """The people and plan of one seeded service."""

    service: object
    manager: object
    owner: object
    board_user: object
    agency: object
    inspection: object
    recommendations: list = field(default_factory=list)
    actions: list = field(default_factory=list)


def _people(service, prefix: str):
    board = BoardFactory(service=service)
    manager = member(
        service, ServiceRole.SERVICE_MANAGER, username=f"{prefix}_manager", password=PASSWORD
    )
    owner = member(service, ServiceRole.PLAN_OWNER, username=f"{prefix}_owner", password=PASSWORD)
    chair = board_member(board, role="chair", username=f"{prefix}_chair", password=PASSWORD)
    return manager, owner, chair


def _inspection(service, manager, today: date) -> Inspection:
    inspection = Inspection(
        service=service,
        framework=Framework.objects.get(code="2018"),
        kind=InspectionKind.SINGLE,
        title=f"{service.name} inspection",
        fieldwork_start_on=today - timedelta(days=200),
        fieldwork_end_on=today - timedelta(days=196),
        published_on=today - timedelta(days=150),
        published_score=18,
        published_rating=Rating.REQUIRES_IMPROVEMENT,
    )
    return save_inspection(inspection=inspection, actor=manager, ratings=dict(MEDWAY_RATINGS))


def _recommendations(inspection, manager) -> list:
    """Three recommendations, each related to standards (so per-standard roll-ups have rows)."""
    standards = {s.code: s for s in Standard.objects.filter(domain__framework=inspection.framework)}
    planned = [
        ("Improve the quality of assessments of safety and wellbeing.", ["2.1", "3.1"]),
        ("Make sure the board understands the needs of children with SEND.", ["1.1"]),
        ("Agree a protocol for out-of-court disposals with the police.", ["3.4"]),
    ]
    return [
        save_recommendation(
            recommendation=Recommendation(inspection=inspection, number=n, text=text),
            actor=manager,
            standards=[standards[code] for code in codes],
        )
        for n, (text, codes) in enumerate(planned, start=1)
    ]


def _action(recommendation, reference, owner, manager, due_in_days, today, agency=None) -> Action:
    action = Action(
        recommendation=recommendation,
        reference=reference,
        title=f"Action {reference} for recommendation {recommendation.number}",
        description="Audit a sample of cases and report to the board.",
        owner=owner,
        lead_agency=agency,
        start_on=today - timedelta(days=120),
        due_on=today + timedelta(days=due_in_days),
        original_due_on=today + timedelta(days=due_in_days),
    )
    return save_action(action=action, actor=manager, today=today)


def _plan(seeded: SeededService, today: date) -> None:
    """Actions on the first two recommendations; the third stays unplanned."""
    first, second, _ = seeded.recommendations
    owner, manager = seeded.owner, seeded.manager
    overdue = _action(first, "1a", owner, manager, -10, today)
    due_soon = _action(first, "1b", owner, manager, 12, today, seeded.agency)
    on_track = _action(second, "2a", owner, manager, 90, today)
    done = _action(second, "2b", owner, manager, 60, today)
    record_progress(
        action=overdue, author=owner, narrative="Audit started late.", assessed_rag="red"
    )
    record_progress(
        action=on_track, author=owner, narrative="Training booked.", assessed_rag="green"
    )
    record_progress(action=done, author=owner, narrative="Protocol agreed.", assessed_rag="green")
    request_deadline_revision(
        action=due_soon,
        requested_by=owner,
        due_on=due_soon.due_on + timedelta(days=30),
        reason="Waiting for the police data-sharing agreement.",
    )
    done.refresh_from_db()
    complete_action(action=done, actor=owner, closing_statement="Done.")
    sign_off_action(action=done, actor=seeded.board_user)
    seeded.actions = [overdue, due_soon, on_track, done]


def seed_service(name: str, prefix: str, today: date) -> SeededService:
    """One service with people in each role and a plan in several states as at ``today``."""
    service = ServiceFactory(name=name)
    manager, owner, chair = _people(service, prefix)
    agency = PartnerAgency.objects.create(
        service=service, name=f"{prefix.title()} Police", kind=AgencyKind.POLICE
    )
    seeded = SeededService(
        service, manager, owner, chair, agency, _inspection(service, manager, today)
    )
    seeded.recommendations = _recommendations(seeded.inspection, manager)
    _plan(seeded, today)
    return seeded


def seed_two_services(today: date) -> tuple[SeededService, SeededService]:
    """Medway (the one the tests act in) and Blackpool (whose rows must stay invisible)."""
    return (
        seed_service("Medway Youth Justice Service", "medway", today),
        seed_service("Blackpool Youth Justice Service", "blackpool", today),
    )


def api_token(user) -> str:
    """The user's API token key (the one ``create_api_token`` would print)."""
    from rest_framework.authtoken.models import Token

    return Token.objects.get_or_create(user=user)[0].key


def user_model():
    return get_user_model()
