"""``core.api.FastReadMixin`` gives exactly DRF's own representation, only faster."""

import pytest
from django.db.models import F

from actions.api.serializers import ActionSerializer
from actions.models import Action
from actions.operations.actions import complete_action, sign_off_action
from actions.operations.progress import record_progress
from core.api import FastReadMixin
from tests.factories import AgencyFactory, RecommendationFactory, make_action

pytestmark = pytest.mark.django_db


def drf_own(serializer, instance):
    return super(FastReadMixin, serializer).to_representation(instance)


def test_every_kind_of_action_reads_as_drf_would(service, manager, plan_owner, chair, today):
    recommendation = RecommendationFactory(inspection__service=service)
    bare = make_action(recommendation, reference="1a", owner=plan_owner, actor=manager)
    full = make_action(
        recommendation,
        reference="1b",
        owner=plan_owner,
        actor=manager,
        lead_agency=AgencyFactory(service=service),
        description="Two lines\nof text",
        start_on=today,
    )
    record_progress(action=full, author=plan_owner, narrative="Going well.", assessed_rag="amber")
    complete_action(action=full, actor=plan_owner, closing_statement="Done, with evidence.")
    sign_off_action(action=full, actor=chair, comment="Seen.")
    actions = (
        Action.objects.filter(pk__in=[bare.pk, full.pk])
        .annotate(service_id=F("recommendation__inspection__service_id"))
        .with_rag_policy()
        .with_latest_update()
        .order_by("pk")
    )

    for action in actions:
        serializer = ActionSerializer(action)
        assert serializer.data == drf_own(serializer, action)
    assert ActionSerializer(actions[1]).data["latest_update"]["narrative"] == "Going well."
