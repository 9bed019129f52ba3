"""The RAG rule and its roll-up, as a table over every boundary."""

from datetime import timedelta

import pytest

from actions.rag import (
    DEFAULT_POLICY,
    RagCounts,
    RagPolicy,
    action_rag,
    assess_rag,
    rollup_rag,
)
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


def assessment(*, complete=False, due_in=90, assessed=None, idle_days=0, policy=DEFAULT_POLICY):
    return assess_rag(
        complete=complete,
        due_on=TODAY + timedelta(days=due_in),
        latest_assessed_rag=assessed,
        last_activity_on=TODAY - timedelta(days=idle_days),
        today=TODAY,
        policy=policy,
    )


@pytest.mark.parametrize(
    ("kwargs", "rag", "reason"),
    [
        ({"due_in": -12}, "red", "12 days overdue"),
        ({"due_in": -1}, "red", "1 day overdue"),
        ({"due_in": -1, "assessed": "red"}, "red", "1 day overdue"),
        ({"assessed": "red"}, "red", "Latest update assessed Red"),
        ({"due_in": 0}, "amber", "Due today"),
        ({"due_in": 1}, "amber", "Due tomorrow"),
        ({"due_in": 9}, "amber", "Due in 9 days"),
        ({"due_in": 9, "idle_days": 45}, "amber", "Due in 9 days"),
        ({"idle_days": 45}, "amber", "No update for 45 days"),
        ({"idle_days": 45, "assessed": "amber"}, "amber", "No update for 45 days"),
        ({"assessed": "amber"}, "amber", "Latest update assessed Amber"),
        ({"due_in": 31}, "green", "On track: due in 31 days"),
        ({"complete": True, "due_in": -5}, "blue", "Complete"),
    ],
)
def test_rag_reason_is_the_part_of_the_rule_that_decided_the_rag(kwargs, rag, reason):
    result = assessment(**kwargs)
    assert (result.rag, result.reason) == (rag, reason)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"complete": complete, "due_in": due_in, "assessed": assessed, "idle_days": idle}
        for complete in (False, True)
        for due_in in (-1, 0, 30, 31)
        for assessed in (None, "red", "amber", "green")
        for idle in (41, 42)
    ],
)
def test_rag_with_reason_agrees_with_action_rag(kwargs):
    assert assessment(**kwargs).rag == rag(**kwargs)


def test_worklist_urgency_puts_overdue_then_due_soon_then_stale_then_the_rest():
    cases = {
        "on track": assessment(due_in=60),
        "stale": assessment(idle_days=50),
        "due soon": assessment(due_in=5),
        "long overdue": assessment(due_in=-20),
        "just overdue": assessment(due_in=-1),
        "assessed amber": assessment(assessed="amber"),
    }
    ordered = sorted(cases, key=lambda name: cases[name].urgency)
    assert ordered == [
        "long overdue",
        "just overdue",
        "due soon",
        "stale",
        "assessed amber",
        "on track",
    ]
