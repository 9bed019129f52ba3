from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from actions.choices import ActionStatus, RevisionStatus
from actions.models import Action
from actions.operations.actions import complete_action, save_action, sign_off_action
from actions.operations.progress import record_progress
from actions.operations.recalculation import recalculate_rags
from actions.operations.revisions import approve_deadline_revision, request_deadline_revision
from events.catalogue import EventType
from events.models import DomainEvent
from tenancy.rules import NotAllowed
from tests.factories import ActionFactory, RecommendationFactory, manager_of
from tests.support import TODAY

# Frozen on TODAY: the code under test reads the clock itself.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("today")]


def new_action(owner, **fields):
    service = owner.service_memberships.get().service
    recommendation = fields.pop("recommendation", None) or RecommendationFactory(
        inspection__service=service
    )
    action = Action(
        recommendation=recommendation,
        reference=fields.pop("reference", "1a"),
        title="Introduce ACORN recording",
        owner=owner,
        due_on=fields.pop("due_on", TODAY + timedelta(days=90)),
        **fields,
    )
    return save_action(action=action, actor=manager_of(service))


def test_a_plan_owner_cannot_add_an_action_by_any_path(plan_owner):
    recommendation = RecommendationFactory(
        inspection__service=plan_owner.service_memberships.get().service
    )
    action = Action(
        recommendation=recommendation,
        reference="1a",
        title="Added by the wrong person",
        owner=plan_owner,
        due_on=date(2027, 1, 1),
    )
    with pytest.raises(NotAllowed, match="only in services you manage"):
        save_action(action=action, actor=plan_owner)
    assert not Action.objects.exists()


def event_types(subject):
    return list(
        DomainEvent.objects.filter(
            subject_type=subject._meta.model_name, subject_id=subject.pk
        ).values_list("type", flat=True)
    )


def test_creating_an_action_keeps_the_original_deadline_and_records_the_event(plan_owner):
    action = new_action(plan_owner)
    assert action.original_due_on == action.due_on
    assert action.rag == "green"
    assert EventType.ACTION_CREATED in event_types(action)
    action.recommendation.refresh_from_db()
    assert action.recommendation.rag == "green"


def test_recording_progress_starts_the_action_and_moves_its_rag(plan_owner):
    action = new_action(plan_owner)
    record_progress(action=action, author=plan_owner, narrative="Slipping", assessed_rag="red")
    action.refresh_from_db()
    assert action.status == ActionStatus.IN_PROGRESS
    assert action.rag == "red"
    assert EventType.ACTION_RAG_CHANGED in event_types(action)
    action.recommendation.refresh_from_db()
    action.recommendation.inspection.refresh_from_db()
    assert action.recommendation.rag == "red"
    assert action.recommendation.inspection.rag == "red"


def test_a_plan_owner_requests_and_a_manager_approves_a_deadline_change(plan_owner, manager):
    action = new_action(plan_owner)
    original = action.due_on
    revision = request_deadline_revision(
        action=action,
        requested_by=plan_owner,
        due_on=original + timedelta(days=30),
        reason="Recruitment",
    )
    assert revision.status == RevisionStatus.PENDING
    approve_deadline_revision(revision=revision, decided_by=manager)
    action.refresh_from_db()
    assert (action.original_due_on, action.due_on) == (original, original + timedelta(days=30))


def test_a_deadline_cannot_move_before_the_start(manager):
    action = new_action(manager, start_on=date(2026, 1, 1), due_on=date(2027, 1, 1))
    with pytest.raises(ValidationError) as error:
        request_deadline_revision(
            action=action, requested_by=manager, due_on=date(2025, 12, 1), reason="x"
        )
    assert "due_on" in error.value.message_dict


def test_only_a_complete_action_can_be_signed_off(plan_owner, chair):
    action = new_action(plan_owner)
    with pytest.raises(ValidationError):
        sign_off_action(action=action, actor=chair)
    complete_action(action=action, actor=plan_owner, closing_statement="Done.")
    sign_off_action(action=action, actor=chair)
    action.refresh_from_db()
    assert action.rag == "blue" and action.signed_off_by == chair


def test_nightly_recalculation_turns_a_passed_deadline_red_once(plan_owner):
    action = ActionFactory(
        owner=plan_owner, due_on=date(2026, 1, 10), original_due_on=date(2026, 1, 10)
    )
    assert recalculate_rags(today=date(2026, 1, 11)) == 1
    assert recalculate_rags(today=date(2026, 1, 11)) == 0
    action.refresh_from_db()
    assert action.rag == "red"


def test_recalculation_can_be_limited_to_one_service(plan_owner, other_owner):
    due = date(2026, 1, 10)
    mine = ActionFactory(
        recommendation__inspection__service=plan_owner.service_memberships.get().service,
        owner=plan_owner,
        due_on=due,
        original_due_on=due,
    )
    theirs = ActionFactory(
        recommendation__inspection__service=other_owner.service_memberships.get().service,
        owner=other_owner,
        due_on=due,
        original_due_on=due,
    )
    assert recalculate_rags(today=date(2026, 1, 11), service=mine.service) == 1
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert (mine.rag, theirs.rag) == ("red", "green")


def test_a_second_pending_deadline_change_is_refused_by_the_revisions_constraint(plan_owner):
    action = new_action(plan_owner)
    ask = {"action": action, "requested_by": plan_owner, "reason": "Recruitment"}
    request_deadline_revision(due_on=action.due_on + timedelta(days=30), **ask)
    with pytest.raises(ValidationError) as error:
        request_deadline_revision(due_on=action.due_on + timedelta(days=60), **ask)
    assert error.value.message_dict == {
        "due_on": ["A deadline change is already awaiting approval for this action."]
    }


def test_a_revision_without_a_reason_is_told_the_constraints_message(manager):
    action = new_action(manager)
    with pytest.raises(ValidationError) as error:
        request_deadline_revision(
            action=action, requested_by=manager, due_on=action.due_on, reason="  "
        )
    assert error.value.message_dict == {
        "due_on": ["The new deadline is the same as the current one."],
        "reason": ["Give a reason for moving the deadline."],
    }
