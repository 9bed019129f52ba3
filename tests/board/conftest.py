"""A plan with a history: written through the operations on different days, so the event log
has something to replay. Days are offsets from ``START``."""

from datetime import datetime, time, timedelta
from types import SimpleNamespace

import pytest

from actions.models import Action
from actions.operations.actions import complete_action, save_action, sign_off_action
from actions.operations.progress import record_progress
from actions.operations.recommendations import save_recommendation
from actions.operations.revisions import request_deadline_revision
from core.clock import LONDON
from inspections.models import Recommendation
from tests.factories import AgencyFactory, InspectionFactory
from tests.support import TODAY

START = TODAY - timedelta(days=70)


def day(n: int, start=START):
    return start + timedelta(days=n)


@pytest.fixture
def history(db, time_machine, service, board, manager, chair):
    """``write_history`` from ``START``; the clock is left frozen on ``TODAY`` (day 70)."""
    plan = write_history(time_machine, START, service, manager, chair)
    time_machine.move_to(datetime.combine(TODAY, time(12), tzinfo=LONDON), tick=False)
    return plan


def write_history(time_machine, start, service, manager, chair):
    """Recommendation 1 with actions 1a and 1b, recommendation 2 with 2a.

    day 0: all created (1a due day 30, 1b due day 20, 2a due day 90); day 10: progress on 1a;
    day 20: 1a renamed, 1b's deadline moved to day 50; day 40: 1a completed; day 45: signed off
    by the chair. The clock is left on day 45.
    """

    def travel(time_machine, n):
        when = datetime.combine(day(n, start), time(12), tzinfo=LONDON)
        time_machine.move_to(when, tick=False)

    agency = AgencyFactory(service=service, name="Kent Police")
    inspection = InspectionFactory(service=service, title="HMIP inspection 2020")
    travel(time_machine, 0)
    recs = [
        save_recommendation(
            recommendation=Recommendation(inspection=inspection, number=n, text=text), actor=manager
        )
        for n, text in [(1, "Improve the quality of assessments"), (2, "Strengthen partnerships")]
    ]

    def action(rec, ref, due, **extra):
        return save_action(
            action=Action(
                recommendation=rec,
                reference=ref,
                title=f"Action {ref}",
                owner=manager,
                due_on=day(due, start),
                **extra,
            ),
            actor=manager,
        )

    a1 = action(recs[0], "1a", 30, lead_agency=agency)
    b1 = action(recs[0], "1b", 20)
    a2 = action(recs[1], "2a", 90)
    travel(time_machine, 10)
    record_progress(action=a1, author=manager, narrative="Training booked", assessed_rag="green")
    travel(time_machine, 20)
    a1 = Action.objects.get(pk=a1.pk)
    a1.title = "Train every case manager"
    save_action(action=a1, actor=manager, fields=["title"])
    request_deadline_revision(
        action=b1, requested_by=manager, due_on=day(50, start), reason="Staff left"
    )
    travel(time_machine, 40)
    complete_action(
        action=Action.objects.get(pk=a1.pk),
        actor=manager,
        closing_statement="Every case manager trained; audit shows better assessments.",
    )
    travel(time_machine, 45)
    sign_off_action(action=Action.objects.get(pk=a1.pk), actor=chair)
    return SimpleNamespace(
        service=service, inspection=inspection, recs=recs, a1=a1, b1=b1, a2=a2, chair=chair
    )
