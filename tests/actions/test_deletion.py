"""Deleting an action or a recommendation records what it was, so the log keeps its history."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from actions.models import Action
from actions.operations.actions import delete_action
from actions.operations.recommendations import delete_recommendation
from events.catalogue import EventType
from events.models import DomainEvent
from inspections.models import Recommendation
from tenancy.rules import NotAllowed
from tests.factories import RecommendationFactory, make_action

pytestmark = pytest.mark.django_db


@pytest.fixture
def recommendation(service):
    return RecommendationFactory(inspection__service=service, number=3)


@pytest.fixture
def action(recommendation, manager, plan_owner, today):
    return make_action(recommendation, reference="3a", owner=plan_owner, actor=manager)


def test_deleting_an_action_records_it_and_rerolls_its_recommendation(
    action, recommendation, manager
):
    delete_action(action=action, actor=manager)

    assert not Action.objects.filter(pk=action.pk).exists()
    event = DomainEvent.objects.get(type=EventType.ACTION_DELETED)
    assert (event.subject_id, event.actor) == (action.pk, manager)
    assert event.data == {
        "recommendation_id": recommendation.pk,
        "reference": "3a",
        "title": action.title,
    }
    recommendation.refresh_from_db()
    assert recommendation.rag == "unplanned"


def test_only_managers_delete(action, plan_owner):
    with pytest.raises(NotAllowed):
        delete_action(action=action, actor=plan_owner)
    assert Action.objects.filter(pk=action.pk).exists()
    assert not DomainEvent.objects.filter(type=EventType.ACTION_DELETED).exists()


def test_a_recommendation_with_actions_is_not_deleted(action, recommendation, manager):
    with pytest.raises(ValidationError) as error:
        delete_recommendation(recommendation=recommendation, actor=manager)

    assert "Delete its actions first" in str(error.value)
    assert Recommendation.objects.filter(pk=recommendation.pk).exists()
    assert not DomainEvent.objects.filter(type=EventType.RECOMMENDATION_DELETED).exists()


def test_deleting_a_recommendation_records_it(recommendation, manager):
    delete_recommendation(recommendation=recommendation, actor=manager)

    assert not Recommendation.objects.filter(pk=recommendation.pk).exists()
    event = DomainEvent.objects.get(type=EventType.RECOMMENDATION_DELETED)
    assert (event.subject_id, event.data["number"]) == (recommendation.pk, 3)


def test_the_admin_deletes_through_the_operation(client, action, manager):
    client.force_login(manager)

    response = client.post(
        reverse("admin:actions_action_delete", args=[action.pk]), {"post": "yes"}
    )

    assert response.status_code == 302
    assert DomainEvent.objects.filter(type=EventType.ACTION_DELETED).count() == 1


def test_a_board_pack_after_the_deletion_leaves_the_action_out(
    action, manager, service, today, time_machine
):
    from datetime import timedelta

    from board.pack import build_pack

    before = today
    time_machine.shift(timedelta(days=2))
    delete_action(action=action, actor=manager)

    def references(pack):
        return {row["reference"] for row in pack["rows"]}

    assert "3a" in references(build_pack(service, as_at=before))
    assert "3a" not in references(build_pack(service, as_at=today + timedelta(days=2)))
