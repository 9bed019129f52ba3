"""The RAG rule and its roll-up, as a table over every boundary."""

from datetime import timedelta

import pytest

from actions.rag import DEFAULT_POLICY, RagCounts, RagPolicy, action_rag, rollup_rag
from tests.support import TODAY


def rag(*, complete=False, due_in=90, assessed=None, idle_days=0, policy=DEFAULT_POLICY):
    return action_rag(
        complete=complete,
        due_on=TODAY + timedelta(days=due_in),
        latest_assessed_rag=assessed,
        last_activity_on=TODAY - timedelta(days=idle_days),
        today=TODAY,
        policy=policy,
    )


@pytest.mark.parametrize(
    ("case", "kwargs", "expected"),
    [
        ("deadline yesterday", {"due_in": -1}, "red"),
        ("deadline today", {"due_in": 0}, "amber"),
        ("deadline in 30 days", {"due_in": 30}, "amber"),
        ("deadline in 31 days", {"due_in": 31}, "green"),
        ("no update for 41 days", {"idle_days": 41}, "green"),
        ("no update for 42 days", {"idle_days": 42}, "amber"),
        ("latest update assessed red", {"assessed": "red"}, "red"),
        ("latest update assessed amber", {"assessed": "amber"}, "amber"),
        ("latest update assessed green", {"assessed": "green"}, "green"),
        ("complete beats an old deadline", {"complete": True, "due_in": -100}, "blue"),
        ("complete beats a red assessment", {"complete": True, "assessed": "red"}, "blue"),
        ("complete beats staleness", {"complete": True, "idle_days": 400}, "blue"),
        ("red beats amber", {"due_in": -1, "assessed": "amber", "idle_days": 50}, "red"),
    ],
)
def test_action_rag_rule(case, kwargs, expected):
    assert rag(**kwargs) == expected, case


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"due_in": 14}, "amber"),
        ({"due_in": 15}, "green"),
        ({"idle_days": 27}, "green"),
        ({"idle_days": 28}, "amber"),
    ],
)
def test_thresholds_are_a_per_service_setting(kwargs, expected):
    policy = RagPolicy(due_soon_days=14, stale_after_days=28)
    assert rag(policy=policy, **kwargs) == expected


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        (RagCounts(), "unplanned"),
        (RagCounts(unplanned=1), "unplanned"),
        (RagCounts(blue=3), "blue"),
        (RagCounts(blue=3, green=1), "green"),
        (RagCounts(blue=3, green=1, unplanned=1), "unplanned"),
        (RagCounts(green=5, amber=1, unplanned=1), "amber"),
        (RagCounts(green=5, amber=1, red=1), "red"),
    ],
)
def test_rollup_takes_the_worst_and_blue_only_when_all_are_complete(counts, expected):
    assert rollup_rag(counts) == expected
    assert counts.rag == expected


@pytest.mark.parametrize(
    ("counts", "percent"),
    [
        (RagCounts(), 0),
        (RagCounts(blue=1, green=2), 33),
        (RagCounts(blue=2, green=1), 67),
        (RagCounts(blue=1, red=1), 50),
        (RagCounts(blue=1, green=7), 13),
        (RagCounts(blue=4), 100),
    ],
)
def test_percent_complete_counts_actions_and_rounds_half_up(counts, percent):
    assert counts.percent_complete == percent


def test_counts_add_up_across_levels():
    total = RagCounts(red=1, overdue=1) + RagCounts(green=2, unplanned=1)
    assert total.as_dict() == {
        "rag": "red",
        "red": 1,
        "amber": 0,
        "green": 2,
        "blue": 0,
        "unplanned": 1,
        "actions": 3,
        "overdue": 1,
        "percent_complete": 0,
    }
