"""Two writes to one action at the same moment: the second works on the row as the first left it.

The stale-copy tests run everywhere (they replay the race in order); the thread races need row
locks, so they run on PostgreSQL.
"""

import threading
from datetime import timedelta

import pytest
from django.db import connection

from actions.choices import ActionStatus
from actions.models import Action
from actions.operations.actions import complete_action, save_action
from actions.operations.progress import record_progress
from actions.operations.recommendations import save_recommendation
from events.catalogue import EventType
from events.models import DomainEvent
from inspections.choices import Addressee
from inspections.models import Inspection, Recommendation
from inspections.operations import save_inspection

ROUNDS = 10

needs_row_locks = pytest.mark.skipif(
    connection.vendor == "sqlite", reason="needs a database with row locks (PostgreSQL)"
)


def detail(action, suffix=""):
    return f"/api/v1/actions/{action.pk}/{suffix}"


def race(*calls):
    """Run the calls in threads released together; return their results in order."""
    start = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(index, call):
        try:
            start.wait()
            results[index] = call()
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=item) for item in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@pytest.mark.django_db
def test_an_edit_from_a_stale_copy_keeps_the_status_a_progress_update_set(
    plan, plan_owner, manager
):
    stale = Action.objects.get(pk=plan.action.pk)  # read by the PATCH before the update commits
    Action.objects.filter(pk=stale.pk).update(status=ActionStatus.NOT_STARTED)
    stale.refresh_from_db()
    record_progress(action=stale, author=plan_owner, narrative="Started.", assessed_rag="green")

    stale.title = "Renamed"
    save_action(action=stale, actor=manager, fields=["title"])

    action = Action.objects.get(pk=stale.pk)
    assert (action.title, action.status) == ("Renamed", ActionStatus.IN_PROGRESS)
    changes = DomainEvent.objects.filter(type=EventType.ACTION_STATUS_CHANGED, actor=manager)
    assert not changes.exists(), "the PATCH changed no status, so none is credited to it"


@pytest.mark.django_db
def test_completing_from_a_stale_copy_is_refused_once_another_request_completed_it(
    plan, plan_owner
):
    stale = Action.objects.get(pk=plan.action.pk)
    complete_action(
        action=Action.objects.get(pk=stale.pk), actor=plan_owner, closing_statement="Done."
    )

    with pytest.raises(Exception, match="already complete"):
        complete_action(action=stale, actor=plan_owner, closing_statement="Done.")
    assert DomainEvent.objects.filter(type=EventType.ACTION_COMPLETED).count() == 1


@needs_row_locks
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_title_patch_racing_the_first_progress_update_never_writes_back_the_old_status(
    plan, plan_owner, manager, client_for
):
    for round_ in range(ROUNDS):
        Action.objects.filter(pk=plan.action.pk).update(status=ActionStatus.NOT_STARTED)
        patch, update = race(
            lambda title=f"Round {round_}": client_for(manager).patch(
                detail(plan.action), {"title": title}, format="json"
            ),
            lambda narrative=f"Update {round_}": client_for(plan_owner).post(
                detail(plan.action, "progress-updates/"),
                {"narrative": narrative, "assessed_rag": "green"},
                format="json",
            ),
        )
        assert (patch.status_code, update.status_code) == (200, 201)
        action = Action.objects.get(pk=plan.action.pk)
        assert action.status == ActionStatus.IN_PROGRESS, f"round {round_}"
        assert action.title == f"Round {round_}"
    spurious = DomainEvent.objects.filter(type=EventType.ACTION_STATUS_CHANGED, actor=manager)
    assert not spurious.exists()


@needs_row_locks
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_completes_at_once_give_one_200_and_one_400_and_one_event(plan, plan_owner, client_for):
    first, second = race(
        lambda: client_for(plan_owner).post(
            detail(plan.action, "complete/"),
            {"completed_on": "2026-11-20", "closing_statement": "Done."},
            format="json",
        ),
        lambda: client_for(plan_owner).post(
            detail(plan.action, "complete/"),
            {"completed_on": "2026-11-21", "closing_statement": "Done."},
            format="json",
        ),
    )

    assert sorted([first.status_code, second.status_code]) == [200, 400]
    (event,) = DomainEvent.objects.filter(type=EventType.ACTION_COMPLETED)
    action = Action.objects.get(pk=plan.action.pk)
    assert event.data["completed_on"] == action.completed_on.isoformat()


@pytest.mark.django_db
def test_edits_of_an_inspection_and_a_recommendation_from_stale_copies_keep_each_others_fields(
    plan, manager
):
    stale_inspection = Inspection.objects.get(pk=plan.inspection.pk)
    stale_recommendation = Recommendation.objects.get(pk=plan.recommendation.pk)
    moved = plan.inspection.fieldwork_end_on + timedelta(days=1)
    Inspection.objects.filter(pk=plan.inspection.pk).update(fieldwork_end_on=moved)
    Recommendation.objects.filter(pk=plan.recommendation.pk).update(
        addressee=Addressee.MANAGEMENT_BOARD
    )

    stale_inspection.title = "Renamed inspection"
    save_inspection(inspection=stale_inspection, actor=manager, fields=["title"])
    stale_recommendation.text = "Reworded."
    save_recommendation(recommendation=stale_recommendation, actor=manager, fields=["text"])

    inspection = Inspection.objects.get(pk=plan.inspection.pk)
    assert (inspection.title, inspection.fieldwork_end_on) == ("Renamed inspection", moved)
    recommendation = Recommendation.objects.get(pk=plan.recommendation.pk)
    assert (recommendation.text, recommendation.addressee) == (
        "Reworded.",
        Addressee.MANAGEMENT_BOARD,
    )
