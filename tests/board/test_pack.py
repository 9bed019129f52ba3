"""The pack built from the event log of a plan with a history (``history`` in conftest)."""

import json

import pytest
from django.core.serializers.json import DjangoJSONEncoder

from actions.models import Action
from actions.operations.actions import save_action
from actions.operations.progress import record_progress
from actions.operations.recommendations import save_recommendation
from board.exports import render_json
from board.pack import build_pack
from inspections.models import Recommendation
from tests.board.conftest import day
from tests.factories import make_action

pytestmark = pytest.mark.django_db


def rows_by_reference(pack):
    return {row["reference"]: row for row in pack["rows"]}


@pytest.mark.parametrize(
    ("on", "reference", "field", "expected"),
    [
        (5, "1a", "title", "Action 1a"),
        (20, "1a", "title", "Train every case manager"),
        (9, "1a", "latest_update", ""),
        (10, "1a", "latest_update", "Training booked"),
        (19, "1b", "due_on", day(20)),
        (20, "1b", "due_on", day(50)),
        (20, "1b", "original_due_on", day(20)),
        (20, "1b", "deadline_revisions", 1),
        (21, "1b", "rag", "amber"),
        (39, "1a", "status", "In progress"),
        (40, "1a", "status", "Complete"),
        (44, "1a", "awaiting_sign_off", True),
        (45, "1a", "awaiting_sign_off", False),
        (45, "1a", "signed_off_on", day(45)),
        (70, "1b", "rag", "red"),
        (70, "1b", "rag_reason", "20 days overdue"),
        (0, "1a", "lead_agency", "Kent Police"),
    ],
)
def test_the_pack_shows_each_fact_as_recorded_by_the_end_of_the_day(
    history, on, reference, field, expected
):
    pack = build_pack(history.service, as_at=day(on))
    assert rows_by_reference(pack)[reference][field] == expected


def test_nothing_recorded_after_the_day_shows(history):
    pack = build_pack(history.service, as_at=day(0) - (day(1) - day(0)))
    assert pack["rows"] == []


def test_a_pack_for_a_past_day_is_the_same_after_later_changes_renames_and_deletions(
    history, manager
):
    before = render_json(build_pack(history.service, as_at=day(30)))
    a2 = Action.objects.get(pk=history.a2.pk)
    a2.title = "Renamed later"
    save_action(action=a2, actor=manager, fields=["title"])
    record_progress(action=a2, author=manager, narrative="Later news", assessed_rag="red")
    rec = Recommendation.objects.get(pk=history.recs[1].pk)
    rec.text = "Reworded later"
    save_recommendation(recommendation=rec, actor=manager, fields=["text"])
    make_action(history.recs[0], reference="1c", owner=manager, actor=manager)
    Action.objects.filter(pk=history.b1.pk).delete()
    after = render_json(build_pack(history.service, as_at=day(30)))
    assert json.loads(after) == json.loads(before)
    assert after == before


def test_changes_since_the_previous_meeting_name_each_kind(history, board):
    board.meetings.create(meets_on=day(15))
    changes = build_pack(history.service, as_at=day(50))["changes"]
    ids = {"a1": history.a1.pk, "b1": history.b1.pk}
    assert changes["since"] == day(15)
    assert changes["since_previous_meeting"] is True
    assert changes["completions"] == [ids["a1"]]
    assert changes["sign_offs"] == [ids["a1"]]
    assert changes["deadline_revisions"] == [
        {"action_id": ids["b1"], "old": day(20), "new": day(50)}
    ]
    assert {c["action_id"] for c in changes["rag_changes"]} >= {ids["a1"]}


def test_exceptions_lead_with_red_actions_most_urgent_first(history):
    pack = build_pack(history.service, as_at=day(70))
    assert pack["exceptions"]["red"] == [history.b1.pk]
    assert pack["exceptions"]["awaiting_sign_off"] == []
    assert pack["exceptions"]["due_before_next_meeting"] == [history.a2.pk]


def test_the_trend_ends_on_the_pack_day_with_its_totals(history):
    pack = build_pack(history.service, as_at=day(70))
    last = pack["trend"][-1]
    assert last["on"] == day(70)
    assert (last["red"], last["amber"], last["blue"]) == (1, 1, 1)
    assert last["percent_complete"] == pack["totals"]["percent_complete"] == 33


def test_the_pack_is_json_safe(history):
    pack = build_pack(history.service, as_at=day(70))
    assert json.loads(json.dumps(pack, cls=DjangoJSONEncoder))["as_at"] == day(70).isoformat()


def test_the_json_pack_takes_the_same_number_of_queries_whatever_the_plan_size(
    history, manager, django_assert_max_num_queries
):
    with django_assert_max_num_queries(8):
        build_pack(history.service, as_at=day(70))
    for n in range(15):
        action = make_action(history.recs[1], reference=f"9{n}", owner=manager, actor=manager)
        record_progress(action=action, author=manager, narrative="Note", assessed_rag="green")
    with django_assert_max_num_queries(8):
        build_pack(history.service, as_at=day(70))
