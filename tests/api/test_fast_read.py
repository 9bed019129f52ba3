"""``core.api.FastReadMixin`` gives exactly DRF's own representation, only faster, and a list page
shows each action exactly as its detail does."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db.models import F

from actions.api.serializers import ActionSerializer
from actions.models import Action
from actions.operations.actions import complete_action, sign_off_action
from actions.operations.progress import record_progress
from core.api import FastReadMixin
from tenancy.models import BoardMeeting
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


def varied_plan(service, manager, plan_owner, chair, board, today):
    """Actions of every shape a list shows, each with another reason for its RAG: overdue, due
    soon (led by an agency), stale, assessed red in an update from a link's contributor recorded
    in summer time (+01:00, to the microsecond), assessed amber, on track, complete, signed off
    at a meeting; all under thresholds the service chose."""
    service.rag_due_soon_days, service.rag_stale_after_days = 10, 20
    service.save()
    recommendation = RecommendationFactory(inspection__service=service)
    shapes = (
        {},
        {"due_in_days": 5, "lead_agency": AgencyFactory(service=service), "description": "A\nB"},
        {"due_in_days": 60, "start_on": today - timedelta(days=30)},
        {"due_in_days": 400},
        {"due_in_days": 90},
        {"due_in_days": 91},
        {"due_in_days": 30},
        {"due_in_days": 31},
    )
    made = [
        make_action(recommendation, reference=f"1{letter}", owner=plan_owner, actor=manager, **f)
        for letter, f in zip("abcdefgh", shapes, strict=True)
    ]
    Action.objects.filter(pk=made[0].pk).update(due_on=today - timedelta(days=3))
    summer = datetime(2026, 7, 1, 10, 30, 15, 123456, tzinfo=UTC)
    record_progress(
        action=made[3],
        author=None,
        contributor_name="A partner",
        narrative="Summer.",
        assessed_rag="red",
        recorded_at=summer,
    )
    record_progress(action=made[4], author=plan_owner, narrative="Slower.", assessed_rag="amber")
    record_progress(action=made[5], author=plan_owner, narrative="Fine.", assessed_rag="green")
    for action in made[6:]:
        complete_action(action=action, actor=plan_owner, closing_statement="Done, with evidence.")
    meeting = BoardMeeting.objects.create(board=board, meets_on=today)
    sign_off_action(action=made[7], actor=chair, comment="Seen.", meeting=meeting)
    return made


def test_a_list_page_shows_each_action_exactly_as_its_detail_does(
    service, manager, plan_owner, chair, board, today, client_for
):
    made = varied_plan(service, manager, plan_owner, chair, board, today)
    client = client_for(manager)

    page = client.get("/api/v1/actions/?page_size=100&ordering=due_on")

    rows = page.json()["results"]
    assert {row["id"] for row in rows} == {action.pk for action in made}
    for row in rows:
        detail = client.get(f"/api/v1/actions/{row['id']}/")
        # Byte for byte: the same fields, in the same order, values and formats.
        assert detail.content in page.content
        assert list(row.items()) == list(detail.json().items())
    # The reason is today's (the stored RAG of "1a", moved past its deadline behind the
    # operations' back, waits for the nightly recalculation).
    reasons = {row["reference"]: row["rag_reason"] for row in rows}
    assert reasons == {
        "1a": "3 days overdue",
        "1b": "Due in 5 days",
        "1c": "No update for 30 days",
        "1d": "Latest update assessed Red",
        "1e": "Latest update assessed Amber",
        "1f": "On track: due in 91 days",
        "1g": "Complete",
        "1h": "Complete",
    }
    summer_update = next(row for row in rows if row["reference"] == "1d")["latest_update"]
    assert summer_update["recorded_at"] == "2026-07-01T11:30:15.123456+01:00"
    assert summer_update["author"] is None
    signed = next(row for row in rows if row["reference"] == "1h")
    assert signed["signed_off_meeting"] is not None
    assert signed["signed_off_at"] == "2026-11-23T12:00:00Z"
