"""What the rows are compared with: the saved plan, and the service's people and agencies."""

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from actions.models import Action, ProgressUpdate
from inspections.models import Recommendation
from tenancy.models import PartnerAgency, ServiceMembership


@dataclass(frozen=True)
class NewOwner:
    """An owner who is not yet a user: created as a plan owner and invited, when asked for."""

    name: str
    email: str


@dataclass
class PlanState:
    """The saved plan and the service's people and agencies, as the rows are compared with."""

    recommendations: dict[int, Recommendation]
    actions: dict[tuple[int, str], Action]
    latest_progress: dict[int, str]
    people_by_email: dict[str, Any]
    people_by_name: dict[str, list]
    agencies: dict[str, PartnerAgency]
    importer: Any


def name_key(name: str) -> str:
    return " ".join(name.lower().split())


def latest_narratives(progress_updates) -> dict[int, str]:
    """Action id → the narrative of its latest update, in one query over ``progress_updates``.

    Not a correlated subquery per action: PostgreSQL answers that by walking the
    ``recorded_at`` index for every action, which grows with the square of the plan.
    """
    latest: dict[int, str] = {}
    ordered = progress_updates.order_by("recorded_at", "id").values_list("action_id", "narrative")
    for action_id, narrative in ordered.iterator(chunk_size=2000):
        latest[action_id] = narrative
    return latest


def load_state(inspection, importer) -> PlanState:
    """Everything ``plan_rows`` compares with, in five queries whatever the plan's size."""
    recommendations = {r.number: r for r in inspection.recommendations.all()}
    actions = list(Action.objects.filter(recommendation__inspection=inspection))
    by_number = {r.pk: n for n, r in recommendations.items()}
    memberships = ServiceMembership.objects.filter(service=inspection.service_id).select_related(
        "user"
    )
    people_by_name: dict[str, list] = defaultdict(list)
    people_by_email: dict[str, Any] = {}
    for membership in memberships:
        user = membership.user
        people_by_name[name_key(user.get_full_name())].append(user)
        if name_key(user.username) != name_key(user.get_full_name()):
            # What an export writes for someone with neither a name nor an email address.
            people_by_name[name_key(user.username)].append(user)
        if user.email:
            people_by_email[user.email.lower()] = user
    return PlanState(
        recommendations=recommendations,
        actions={(by_number[a.recommendation_id], a.reference.lower()): a for a in actions},
        latest_progress=latest_narratives(
            ProgressUpdate.objects.filter(action__recommendation__inspection=inspection)
        ),
        people_by_email=people_by_email,
        people_by_name=dict(people_by_name),
        agencies={
            name_key(a.name): a for a in PartnerAgency.objects.filter(service=inspection.service_id)
        },
        importer=importer,
    )
