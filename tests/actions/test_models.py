"""Rules that must never be false are database constraints with clear messages."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from actions import deadlines
from actions.choices import RevisionStatus
from actions.models import Action, DeadlineRevision
from tests.factories import ActionFactory, AgencyFactory, ProgressUpdateFactory
from tests.support import TODAY

pytestmark = pytest.mark.django_db


def messages(error: ValidationError) -> str:
    return " ".join(error.messages)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (
            {"start_on": date(2026, 6, 1), "due_on": date(2026, 5, 1)},
            "deadline cannot be before the start",
        ),
        ({"status": "complete"}, "complete action needs a completion date"),
        ({"completed_on": date(2026, 1, 1)}, "complete action needs a completion date"),
        ({"rag": "unplanned"}, "red, amber, green or blue"),
    ],
)
def test_action_constraints_reject_impossible_rows_with_a_message(fields, message):
    action = ActionFactory.build(
        recommendation=ActionFactory().recommendation, owner=ActionFactory().owner
    )
    for name, value in fields.items():
        setattr(action, name, value)
    action.original_due_on = action.due_on
    with pytest.raises(ValidationError) as error:
        action.full_clean()
    assert message in messages(error.value)


def test_sign_off_needs_a_complete_action_at_database_level():
    action = ActionFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Action.objects.filter(pk=action.pk).update(
            signed_off_at="2026-01-01T10:00Z", signed_off_by=action.owner
        )


def test_action_references_are_unique_within_a_recommendation():
    action = ActionFactory(reference="1a")
    duplicate = ActionFactory.build(
        recommendation=action.recommendation, owner=action.owner, reference="1a"
    )
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert "already has an action with this reference" in messages(error.value)


def test_lead_agency_must_work_with_the_actions_service():
    action = ActionFactory()
    action.lead_agency = AgencyFactory()
    with pytest.raises(ValidationError) as error:
        action.full_clean()
    assert "lead_agency" in error.value.message_dict


def test_progress_updates_are_append_only():
    update = ProgressUpdateFactory()
    update.narrative = "rewritten"
    with pytest.raises(ValidationError):
        update.save()


def test_only_one_deadline_change_waits_for_approval_per_action():
    action = ActionFactory()
    fields = {
        "action": action,
        "previous_due_on": action.due_on,
        "reason": "x",
        "requested_by": action.owner,
    }
    DeadlineRevision.objects.create(requested_due_on=action.due_on + timedelta(days=1), **fields)
    second = DeadlineRevision(requested_due_on=action.due_on + timedelta(days=2), **fields)
    with pytest.raises(ValidationError) as error:
        second.full_clean()
    assert "already awaiting approval" in messages(error.value)
    second.status = RevisionStatus.APPROVED
    second.full_clean()


@pytest.mark.parametrize(
    ("due_in", "status", "overdue", "due_within_30"),
    [
        (-1, "in_progress", True, False),
        (0, "in_progress", False, True),
        (30, "not_started", False, True),
        (31, "in_progress", False, False),
        (-5, "complete", False, False),
    ],
)
def test_overdue_and_due_soon_have_one_definition(due_in, status, overdue, due_within_30):
    due_on = TODAY + timedelta(days=due_in)
    action = ActionFactory(
        due_on=due_on,
        original_due_on=due_on,
        status=status,
        completed_on=TODAY if status == "complete" else None,
    )
    assert Action.objects.overdue(TODAY).filter(pk=action.pk).exists() is overdue
    assert (status != "complete" and deadlines.is_overdue(due_on, TODAY)) is overdue
    assert Action.objects.due_within(TODAY, 30).filter(pk=action.pk).exists() is due_within_30


def test_the_owner_must_hold_a_role_in_the_actions_service(plan_owner, other_owner):
    action = ActionFactory(
        recommendation__inspection__service=plan_owner.service_memberships.get().service
    )
    action.owner = other_owner
    with pytest.raises(ValidationError) as error:
        action.full_clean()
    assert error.value.message_dict["owner"] == [
        "The owner must hold a role in the action's service."
    ]
    action.owner = plan_owner
    action.full_clean()


def test_a_revision_is_checked_against_its_actions_dates():
    action = ActionFactory(start_on=date(2026, 1, 1), due_on=date(2026, 6, 1))
    revision = DeadlineRevision(
        action=action,
        previous_due_on=action.due_on,
        requested_due_on=date(2025, 12, 1),
        reason="Sooner",
        requested_by=action.owner,
    )
    with pytest.raises(ValidationError) as error:
        revision.full_clean()
    assert error.value.message_dict == {
        "requested_due_on": ["The deadline cannot be before the start date."]
    }


@pytest.mark.parametrize(
    ("due_in", "confirmed", "refused"),
    [(-1, False, True), (-1, True, False), (0, False, False), (1, False, False)],
)
def test_a_deadline_moved_into_the_past_needs_confirming(due_in, confirmed, refused):
    today = date(2025, 3, 31)
    action = Action()
    check = lambda: action.validate_not_past(  # noqa: E731
        today + timedelta(days=due_in), today=today, confirmed=confirmed
    )

    if refused:
        with pytest.raises(ValidationError, match="in the past"):
            check()
    else:
        check()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("factory_fields", "field", "bound"),
    [({"narrative": "x" * 10_001}, "narrative", 10_000), ({"narrative": "a\x00b"}, "narrative", 0)],
)
def test_progress_narratives_are_bounded_and_free_of_nul(factory_fields, field, bound):
    update = ProgressUpdateFactory.build(action=ActionFactory(), **factory_fields)
    update.author = update.action.owner

    with pytest.raises(ValidationError) as error:
        update.full_clean()

    message = " ".join(error.value.message_dict[field])
    assert (f"at most {bound}" in message) if bound else "Null characters" in message
