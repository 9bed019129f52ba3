"""The as-at rule as a table: replayed events, a day, and what the plan says on it."""

from datetime import date

import pytest

from board.as_at import Event, plan_as_at, replay

D = date(2026, 3, 1)


def created(pk=1, on=D, **data):
    payload = {
        "recommendation_id": 10,
        "reference": "1a",
        "title": "Train staff",
        "owner_id": 5,
        "due_on": "2026-06-30",
        "status": "not_started",
        **data,
    }
    return Event("action.created", pk, on, payload)


def event(kind, on, pk=1, **data):
    return Event(kind, pk, on, data)


RENAMED = event(
    "action.changed", date(2026, 3, 10), changes={"title": {"old": "Train staff", "new": "Coach"}}
)
MOVED = event("action.deadline_revised", date(2026, 3, 10), old="2026-06-30", new="2026-09-30")
PROGRESS = event(
    "progress.recorded",
    date(2026, 3, 10),
    recorded_on="2026-03-08",
    assessed_rag="amber",
    narrative="Half trained",
    progress_update_id=7,
)
COMPLETED = event("action.completed", date(2026, 3, 10), completed_on="2026-03-09")
DELETED = event("action.deleted", date(2026, 3, 10))


@pytest.mark.parametrize(
    ("events", "as_at", "attribute", "expected"),
    [
        # A change after the day never shows; a change on the day does.
        ([created(), RENAMED], date(2026, 3, 9), "title", "Train staff"),
        ([created(), RENAMED], date(2026, 3, 10), "title", "Coach"),
        ([created(), MOVED], date(2026, 3, 9), "due_on", date(2026, 6, 30)),
        ([created(), MOVED], date(2026, 3, 10), "due_on", date(2026, 9, 30)),
        ([created(), MOVED], date(2026, 3, 10), "original_due_on", date(2026, 6, 30)),
        ([created(), MOVED], date(2026, 3, 10), "revisions", 1),
        # A backdated update counts from the day it was recorded, not the day it speaks of.
        ([created(), PROGRESS], date(2026, 3, 9), "narrative", None),
        ([created(), PROGRESS], date(2026, 3, 10), "narrative", "Half trained"),
        ([created(), PROGRESS], date(2026, 3, 10), "last_progress_on", date(2026, 3, 8)),
        ([created(), COMPLETED], date(2026, 3, 9), "completed_on", None),
        ([created(), COMPLETED], date(2026, 3, 10), "completed_on", date(2026, 3, 9)),
        ([created(), COMPLETED], date(2026, 3, 10), "status", "complete"),
    ],
)
def test_a_change_shows_from_the_day_it_was_recorded(events, as_at, attribute, expected):
    assert getattr(plan_as_at(events, as_at).actions[1], attribute) == expected


@pytest.mark.parametrize(
    ("as_at", "present"),
    [(date(2026, 2, 28), False), (D, True), (date(2026, 3, 9), True), (date(2026, 3, 10), False)],
)
def test_an_action_exists_from_its_creation_until_its_deletion(as_at, present):
    assert (1 in plan_as_at([created(), DELETED], as_at).actions) is present


def test_a_deleted_action_keeps_its_as_at_title_for_the_days_before():
    assert plan_as_at([created(), RENAMED, DELETED], date(2026, 3, 9)).actions[1].title == (
        "Train staff"
    )


def test_the_latest_dated_update_wins_even_when_an_older_one_is_entered_later():
    older = event(
        "progress.recorded", date(2026, 3, 11), recorded_on="2026-03-01", narrative="Old note"
    )
    action = plan_as_at([created(), PROGRESS, older], date(2026, 3, 12)).actions[1]
    assert action.narrative == "Half trained"


def test_sending_back_reopens_a_completed_action():
    back = event("action.sent_back", date(2026, 3, 11))
    action = plan_as_at([created(), COMPLETED, back], date(2026, 3, 11)).actions[1]
    assert (action.status, action.completed_on) == ("in_progress", None)


def test_a_recommendation_keeps_its_text_as_at_the_day():
    added = Event(
        "recommendation.added", 10, D, {"inspection_id": 1, "number": 1, "text": "Old words"}
    )
    changed = Event(
        "recommendation.changed",
        10,
        date(2026, 3, 5),
        {"old": {}, "new": {"number": 2, "text": "New words", "addressee": "service_manager"}},
    )
    before = plan_as_at([added, changed], date(2026, 3, 4)).recommendations[10]
    after = plan_as_at([added, changed], date(2026, 3, 5)).recommendations[10]
    assert (before.number, before.text) == (1, "Old words")
    assert (after.number, after.text) == (2, "New words")


def test_replay_answers_each_day_asked_for_in_order():
    days = [date(2026, 3, 9), date(2026, 3, 10)]
    titles = [plan.actions[1].title for _, plan in replay([created(), RENAMED], days)]
    assert titles == ["Train staff", "Coach"]


def test_events_about_an_action_the_log_never_created_are_skipped():
    assert plan_as_at([RENAMED], date(2026, 3, 10)).actions == {}
