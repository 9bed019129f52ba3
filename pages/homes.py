"""What each role's home shows, read in a fixed number of queries whatever the number of actions.

A plan owner: their open actions, most urgent first (the order of ``actions.rag.Why``), each with
the reason for its RAG; then their recently completed ones. A service manager: each managed
service at a glance (the API's summary), deadline changes awaiting decision, and the overdue and
stale actions. A board member: their boards (the board page is yet to come).
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Q

from actions.api.summary import service_summary
from actions.choices import ActionStatus, RevisionStatus
from actions.models import Action, DeadlineRevision, latest_update_from_row
from actions.rag import RagAssessment, Why
from tenancy.choices import ServiceRole
from tenancy.models import BoardMember, YouthJusticeService
from tenancy.rules import services_with_role

# How long a completed action stays on its owner's home after the board signed it off.
RECENTLY_COMPLETED_DAYS = 30
# What a manager is shown as needing attention: late, or silent too long.
ATTENTION = (Why.OVERDUE, Why.STALE)


@dataclass(frozen=True)
class ActionRow:
    """An action with its RAG and reason today, and its latest progress update (or None)."""

    action: Action
    assessment: RagAssessment
    latest_update: dict | None  # its columns (``LATEST_UPDATE_COLUMNS``), or None

    @property
    def deadline_moved(self) -> bool:
        return self.action.due_on != self.action.original_due_on


def rows(actions, today: date) -> list[ActionRow]:
    """``ActionRow``s of ``actions`` (read with ``Action.objects.with_latest_update()``, the
    API's subquery), most urgent first."""
    built = [
        ActionRow(a, a.assess_rag(today), latest_update_from_row(a.latest_update_row))
        for a in actions
    ]
    return sorted(built, key=lambda row: (row.assessment.urgency, row.action.pk))


def owner_home(user, today: date) -> dict:
    """A person's own actions: open ones by urgency, then the recently completed."""
    own = (
        Action.objects.visible_to(user).owned_by(user).with_service().select_related("lead_agency")
    )
    recent = Q(signed_off_at__isnull=True) | Q(
        completed_on__gte=today - timedelta(days=RECENTLY_COMPLETED_DAYS)
    )
    completed = own.filter(status=ActionStatus.COMPLETE).filter(recent)
    return {
        "open_rows": rows(own.open().with_latest_update(), today),
        "completed": list(completed.order_by("-completed_on", "-id")),
    }


def manager_home(user, today: date) -> list[dict]:
    """For each service ``user`` manages: its summary, pending deadline changes, late actions."""
    services = YouthJusticeService.objects.filter(
        pk__in=services_with_role(user, ServiceRole.SERVICE_MANAGER)
    ).order_by("name")
    return [_service_glance(service, today) for service in services]


def _service_glance(service, today: date) -> dict:
    pending = (
        DeadlineRevision.objects.in_service(service)
        .filter(status=RevisionStatus.PENDING)
        .select_related("action", "requested_by")
        .order_by("requested_at")
    )
    open_actions = Action.objects.in_service(service).open().with_service().select_related("owner")
    attention = rows(open_actions.with_latest_update(), today)
    return {
        "service": service,
        "summary": service_summary(service, today=today),
        "pending_revisions": list(pending),
        "attention_rows": [row for row in attention if row.assessment.why in ATTENTION],
    }


def board_home(user) -> list[BoardMember]:
    """The boards ``user`` sits on, in services where they still hold a role."""
    return list(BoardMember.objects.current().filter(user=user).select_related("board__service"))
