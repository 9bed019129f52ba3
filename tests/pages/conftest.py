"""A plan owner's worklist in one service, with an action of each urgency, written through the
operations (so RAG, events and the timeline are real), frozen on ``TODAY``."""

from dataclasses import dataclass
from datetime import timedelta

import pytest

from actions.models import Action
from actions.operations.actions import complete_action
from actions.operations.progress import record_progress
from inspections.models import Recommendation
from tests.factories import AgencyFactory, InspectionFactory, RecommendationFactory, make_action


@dataclass
class Worklist:
    recommendation: Recommendation
    on_track: Action
    stale: Action
    due_soon: Action
    overdue: Action
    completed: Action


def fresh(action: Action) -> Action:
    return Action.objects.with_service().get(pk=action.pk)


@pytest.fixture
def worklist(today, service, manager, plan_owner) -> Worklist:
    recommendation = RecommendationFactory(
        inspection=InspectionFactory(service=service),
        number=1,
        text="Improve the quality of assessment and planning for desistance.",
    )
    agency = AgencyFactory(service=service, name="Kent Police")

    def action(reference, due_in, start_days_ago=0, **fields):
        return make_action(
            recommendation,
            actor=manager,
            owner=plan_owner,
            reference=reference,
            title=f"Action {reference}",
            due_in_days=due_in,
            start_on=today - timedelta(days=start_days_ago),
            lead_agency=agency,
            **fields,
        )

    on_track = action("1a", 90)
    stale = action("1b", 120, start_days_ago=45)
    due_soon = action("1c", 9)
    overdue = action("1d", -12, start_days_ago=20)
    completed = action("1e", 30)
    record_progress(
        action=on_track,
        author=plan_owner,
        narrative="Audits started.\nMore later.",
        assessed_rag="green",
    )
    complete_action(action=completed, actor=plan_owner, closing_statement="Done.")
    return Worklist(
        recommendation, *(fresh(a) for a in (on_track, stale, due_soon, overdue, completed))
    )
