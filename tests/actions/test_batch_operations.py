"""The batch operations write what the per-row ones write, in queries that do not grow with
the batch: ``create_actions`` is ``save_action`` for many, ``record_progress_updates`` is
``record_progress`` for many."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from actions.choices import ActionStatus
from actions.models import Action, ProgressUpdate
from actions.operations.actions import create_actions, save_action
from actions.operations.progress import record_progress, record_progress_updates
from actions.operations.recalculation import recalculate_rags
from actions.operations.recommendations import create_recommendations, save_recommendation
from events.models import DomainEvent
from inspections.models import Recommendation
from tenancy.rules import NotAllowed
from tests.factories import InspectionFactory, RecommendationFactory, manager_of, member
from tests.support import TODAY

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("today")]


def unsaved_actions(recommendation, owners, count: int) -> list[Action]:
    """``count`` new actions of ``recommendation``, due from 10 to 100 days on (some amber)."""
    return [
        Action(
            recommendation=recommendation,
            reference=f"{n + 1}",
            title=f"Action {n + 1}",
            owner=owners[n % len(owners)],
            due_on=TODAY + timedelta(days=10 + 10 * (n % 10)),
        )
        for n in range(count)
    ]


def history(actions) -> list[tuple]:
    """Each action's events in order, as (reference, type, data without ids), by reference."""
    references = {action.pk: action.reference for action in actions}
    events = DomainEvent.objects.filter(subject_type="action", subject_id__in=references)
    return sorted(
        (references[e.subject_id], e.type, e.actor_id, _without_ids(e.data))
        for e in events.order_by("pk")
    )


def _without_ids(data: dict) -> str:
    return repr({k: v for k, v in data.items() if not k.endswith("_id")})


def stored(actions) -> list[tuple]:
    fields = ("reference", "status", "rag", "original_due_on", "last_progress_on")
    rows = Action.objects.filter(pk__in=[a.pk for a in actions])
    return sorted(rows.values_list(*fields))


@pytest.fixture
def plan(service):
    recommendation = RecommendationFactory(inspection__service=service)
    owners = [member(service) for _ in range(3)]
    return recommendation, owners, manager_of(service)


@pytest.fixture
def another(plan):
    """A second recommendation of the same inspection, for the same actions written another way."""
    return RecommendationFactory(inspection=plan[0].inspection)


def test_creating_actions_in_a_batch_writes_and_records_what_saving_each_does(plan, another):
    recommendation, owners, manager = plan
    one_by_one = [
        save_action(action=action, actor=manager, today=TODAY)
        for action in unsaved_actions(recommendation, owners, 6)
    ]
    batch = create_actions(actions=unsaved_actions(another, owners, 6), actor=manager, today=TODAY)
    assert history(batch) == history(one_by_one)
    assert stored(batch) == stored(one_by_one)
    assert {a.rag for a in batch} == {"amber", "green"}


def test_recording_progress_in_a_batch_writes_and_records_what_recording_each_does(plan, another):
    recommendation, owners, manager = plan
    first = create_actions(actions=unsaved_actions(recommendation, owners, 4), actor=manager)
    second = create_actions(actions=unsaved_actions(another, owners, 4), actor=manager)
    for action in first:
        record_progress(action=action, author=manager, narrative="Started.", assessed_rag="red")
    record_progress_updates(
        progress=[(action, "Started.", "red") for action in second], author=manager
    )
    assert history(second) == history(first)
    assert stored(second) == stored(first)
    assert {a.status for a in Action.objects.all()} == {ActionStatus.IN_PROGRESS}
    assert set(ProgressUpdate.objects.values_list("author", flat=True)) == {manager.pk}


@pytest.mark.parametrize("count", [2, 40])
def test_creating_actions_and_their_progress_takes_queries_that_do_not_grow_with_the_batch(
    plan, count, django_assert_max_num_queries
):
    recommendation, owners, manager = plan
    actions = unsaved_actions(recommendation, owners, count)
    with django_assert_max_num_queries(19):
        create_actions(actions=actions, actor=manager)
    with django_assert_max_num_queries(15):
        record_progress_updates(
            progress=[(a, "Going well.", "green") for a in actions], author=manager
        )


def test_a_batch_is_refused_whole_when_one_action_breaks_a_rule(plan, other_owner):
    recommendation, owners, manager = plan
    actions = unsaved_actions(recommendation, [*owners, other_owner], 4)
    with pytest.raises(ValidationError, match="must hold a role"):
        create_actions(actions=actions, actor=manager)
    assert not Action.objects.exists()
    assert not DomainEvent.objects.filter(subject_type="action").exists()


def test_a_broken_constraint_is_refused_with_its_message_not_an_integrity_error(plan):
    recommendation, owners, manager = plan
    create_actions(actions=unsaved_actions(recommendation, owners, 1), actor=manager)
    late = unsaved_actions(recommendation, owners, 1)
    with pytest.raises(ValidationError, match="already has an action with this reference"):
        create_actions(actions=late, actor=manager)
    assert Action.objects.count() == 1


def test_only_someone_who_may_add_actions_may_add_a_batch(plan):
    recommendation, owners, _ = plan
    with pytest.raises(NotAllowed):
        create_actions(actions=unsaved_actions(recommendation, owners, 2), actor=owners[0])
    assert not Action.objects.exists()


def test_batch_events_are_queued_once_the_transaction_commits_one_message_per_batch(
    plan, django_capture_on_commit_callbacks, monkeypatch
):
    from events import tasks

    published = []
    monkeypatch.setattr(
        tasks.dispatch_events_task, "apply_async", lambda args, **_: published.append(args[0])
    )
    recommendation, owners, manager = plan
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        actions = create_actions(actions=unsaved_actions(recommendation, owners, 30), actor=manager)
    assert not published
    for callback in callbacks:
        callback()
    action_events = set(
        DomainEvent.objects.filter(subject_type="action").values_list("pk", flat=True)
    )
    assert len(action_events) >= len(actions)
    assert action_events <= {pk for batch in published for pk in batch}
    assert len(published) < len(action_events)


@pytest.mark.parametrize("count", [3, 30])
def test_the_nightly_recalculation_takes_queries_that_do_not_grow_with_the_actions_moved(
    plan, count, django_assert_max_num_queries
):
    recommendation, owners, manager = plan
    actions = create_actions(
        actions=unsaved_actions(recommendation, owners, count), actor=manager, today=TODAY
    )
    later = TODAY + timedelta(days=150)  # every action overdue: all move to red
    with django_assert_max_num_queries(17):
        assert recalculate_rags(today=later) == count
    assert set(Action.objects.values_list("rag", flat=True)) == {"red"}
    moved = DomainEvent.objects.filter(type="action.rag_changed", data__new="red")
    assert sorted(moved.values_list("subject_id", flat=True)) == sorted(a.pk for a in actions)
    with django_assert_max_num_queries(2):
        assert recalculate_rags(today=later) == 0


@pytest.mark.parametrize("count", [2, 25])
def test_creating_recommendations_in_a_batch_records_what_saving_each_does_in_fixed_queries(
    service, count, django_assert_max_num_queries
):
    manager = manager_of(service)
    one_by_one, batched = InspectionFactory(service=service), InspectionFactory(service=service)
    for number in range(1, count + 1):
        save_recommendation(
            recommendation=Recommendation(inspection=one_by_one, number=number, text="Improve."),
            actor=manager,
        )
    new = [
        Recommendation(inspection=batched, number=number, text="Improve.")
        for number in range(1, count + 1)
    ]
    with django_assert_max_num_queries(12):
        create_recommendations(recommendations=new, actor=manager)

    def events(inspection):
        ids = inspection.recommendations.values_list("pk", flat=True)
        rows = DomainEvent.objects.filter(subject_type="recommendation", subject_id__in=ids)
        return sorted((e.type, e.actor_id, e.data["number"]) for e in rows)

    assert events(batched) == events(one_by_one)
    assert DomainEvent.objects.filter(
        type="inspection.rag_changed", subject_id=batched.pk
    ).count() == (
        DomainEvent.objects.filter(type="inspection.rag_changed", subject_id=one_by_one.pk).count()
    )
