"""Builds a demonstration service from a plain description (see ``medway`` and ``blackpool``).

Dates in a description are either a ``date`` (a fact from the report, or a plausible one) or
a whole number of days from the day of loading: open actions are placed relative to that day so
the demo always shows a mix of Red, Amber, Green and Complete.

Loading is idempotent: people, agencies, boards and meetings are created or updated; an
inspection that already exists is left as it is, with its plan and history.
"""

from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from actions.models import Action
from actions.operations.actions import complete_action, save_action, sign_off_action
from actions.operations.progress import record_progress
from actions.operations.recommendations import save_recommendation
from actions.operations.revisions import approve_deadline_revision, request_deadline_revision
from core import clock
from demo import blackpool, medway
from events.models import DomainEvent
from inspections import operations as inspection_ops
from inspections.models import Framework, Inspection, Recommendation, Standard
from tenancy.accounts import grant_role
from tenancy.models import (
    Board,
    BoardMeeting,
    BoardMember,
    LocalAuthority,
    PartnerAgency,
    YouthJusticeService,
)

DEMO_NOTE = "Demonstration data from public council reports"
# Every demo login shares this password; it is printed by load_demo_data and in the README.
DEMO_PASSWORD = "yjtracker-demo"


@dataclass(frozen=True)
class DemoLogin:
    """A demo person who can sign in, and what they can do."""

    username: str
    service: str
    role: str
    job_title: str


def load_demo_data(*, today: date | None = None) -> list[DemoLogin]:
    """Load every demo service (idempotent) and return the demo logins, one per role per service."""
    today = today or clock.today()
    logins = []
    for description in (blackpool.SERVICE, medway.SERVICE):
        logins += load_service(description, today=today)
    return logins


@transaction.atomic
def load_service(description: dict, *, today: date) -> list[DemoLogin]:
    """Create or update one demo service, its people and board; add its inspection if missing."""
    service = _service(description)
    agencies = _agencies(service, description["agencies"])
    people = _people(service, description["staff"] + description["board"]["members"])
    _board(service, description["board"], agencies, people, today)
    manager = people[description["manager"]]
    if not _inspection_exists(service, description["inspection"]):
        _inspection(service, description, agencies, people, manager, today)
    return [
        DemoLogin(p["username"], service.name, p["role"], p["job_title"])
        for p in description["staff"] + description["board"]["members"]
        if p.get("login")
    ]


def _service(description: dict) -> YouthJusticeService:
    service, _ = YouthJusticeService.objects.get_or_create(name=description["name"])
    for name in description["local_authorities"]:
        service.local_authorities.add(LocalAuthority.objects.get_or_create(name=name)[0])
    return service


def _agencies(service, agencies: dict) -> dict[str, PartnerAgency]:
    return {
        key: PartnerAgency.objects.update_or_create(
            service=service, name=name, defaults={"kind": kind}
        )[0]
        for key, (name, kind) in agencies.items()
    }


def _people(service, people: list[dict]) -> dict:
    """Each person through ``grant_role``, the operator's path, with the demo password."""
    return {
        person["username"]: grant_role(
            username=person["username"],
            service=service,
            role=person["role"],
            email=f"{person['username']}@example.org",
            password=DEMO_PASSWORD,
            first_name=person["first_name"],
            last_name=person["last_name"],
        )
        for person in people
    }


def _board(service, data: dict, agencies, people, today: date) -> Board:
    board, _ = Board.objects.update_or_create(
        service=service,
        defaults={
            "name": data["name"],
            "digest_schedule": data["digest_schedule"],
            "digest_days_before_meeting": data.get("digest_days_before_meeting", 7),
        },
    )
    for member in data["members"]:
        BoardMember.objects.update_or_create(
            board=board,
            user=people[member["username"]],
            defaults={
                "agency": agencies[member["agency"]],
                "role": member["seat"],
                "job_title": member["job_title"],
            },
        )
    for offset in data["meetings_in_days"]:
        BoardMeeting.objects.get_or_create(board=board, meets_on=today + timedelta(days=offset))
    return board


def _inspection_exists(service, data: dict) -> bool:
    return Inspection.objects.filter(
        service=service,
        framework__code=data["framework"],
        fieldwork_start_on=data["fieldwork_start_on"],
    ).exists()


def _inspection(service, description, agencies, people, manager, today: date) -> None:
    data = description["inspection"]
    # The plan is recorded as on the day the report was published; each action's steps on theirs.
    with happened_at(at(data["published_on"], today)):
        inspection = inspection_ops.save_inspection(
            inspection=Inspection(
                service=service,
                framework=Framework.objects.get(code=data["framework"]),
                kind=data["kind"],
                title=f"{data['title']} ({DEMO_NOTE})",
                fieldwork_start_on=data["fieldwork_start_on"],
                fieldwork_end_on=data["fieldwork_end_on"],
                published_on=data["published_on"],
                published_score=data.get("published_score"),
                published_rating=data.get("published_rating", ""),
            ),
            actor=manager,
            ratings=data["ratings"],
        )
        recommendations = [
            (_recommendation(inspection, item, agencies, manager), item)
            for item in description["recommendations"]
        ]
    for recommendation, item in recommendations:
        for action in item["actions"]:
            _action(recommendation, action, agencies, people, manager, today)


def _recommendation(inspection, data, agencies, manager) -> Recommendation:
    return save_recommendation(
        recommendation=Recommendation(
            inspection=inspection,
            number=data["number"],
            text=data["text"],
            addressee=data["addressee"],
            addressee_agency=agencies.get(data.get("agency", "")),
        ),
        actor=manager,
        standards=Standard.objects.filter(
            domain__framework=inspection.framework_id, code__in=data["standards"]
        ),
    )


def _action(recommendation, data, agencies, people, manager, today: date) -> None:
    owner = people[data["owner"]]
    started = at(data["start"], today)
    with happened_at(started):
        action = save_action(
            action=Action(
                recommendation=recommendation,
                reference=data["reference"],
                title=data["title"],
                description=data.get("description", ""),
                owner=owner,
                lead_agency=agencies.get(data.get("agency", "")),
                start_on=on(data["start"], today),
                due_on=on(data["due"], today),
            ),
            actor=manager,
        )
    last = started
    for when, rag, narrative in data.get("progress", []):
        last = at(when, today)
        with happened_at(last):
            record_progress(
                action=action, author=owner, narrative=narrative, assessed_rag=rag, recorded_at=last
            )
    # The revision the day after the last update (the description does not date it).
    with happened_at(min(last + timedelta(days=1), at(0, today))):
        _revise(action, data.get("revision"), owner, manager, today)
    _complete(action, data, owner, people, today)


def _revise(action, revision, owner, manager, today: date) -> None:
    """The owner asks for a later deadline with a reason and the service manager approves it."""
    if not revision:
        return
    due_on, reason = revision
    requested = request_deadline_revision(
        action=action, requested_by=owner, due_on=on(due_on, today), reason=reason
    )
    approve_deadline_revision(revision=requested, decided_by=manager)


def _complete(action, data, owner, people, today: date) -> None:
    if "completed" not in data:
        return
    action.refresh_from_db()
    # The closing statement: the description's own, else its last progress note says what was
    # done (the councils' reports close an action with their final update).
    progress = data.get("progress") or [(None, None, f"{action.title}: done.")]
    with happened_at(at(data["completed"], today)):
        complete_action(
            action=action,
            actor=owner,
            closing_statement=data.get("closing_statement", progress[-1][2]),
            completed_on=on(data["completed"], today),
        )
    if "signed_off" in data:
        when, signer = data["signed_off"]
        with happened_at(at(when, today)):
            sign_off_action(action=action, actor=people[signer], now=at(when, today))


@contextmanager
def happened_at(moment: datetime):
    """Date the events the block records at ``moment``: the demo's history is written today, but
    happened over months, and the board's trend and 'as at' packs read when things happened."""
    last = DomainEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    yield
    DomainEvent.objects.filter(pk__gt=last).update(occurred_at=moment)


def on(value: date | int, today: date) -> date:
    """A description's date: a fixed date, or a number of days from ``today``."""
    return value if isinstance(value, date) else today + timedelta(days=value)


def at(value: date | int, today: date) -> datetime:
    """Ten in the morning, London time, on the description's date."""
    return timezone.make_aware(datetime.combine(on(value, today), time(10)))
