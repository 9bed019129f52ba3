from datetime import date, timedelta

import pytest

from notifications.schedule import (
    DUE_SOON_EVENT,
    OVERDUE_EVENT,
    ReminderKind,
    ReminderPolicy,
    deadline_event_due,
    reminders_due,
    update_request_due,
)

DUE_ON = date(2026, 12, 1)
POLICY = ReminderPolicy()  # 14, 3, 0 days before; weekly overdue; manager 7; chair 28
REM, OVER, MGR, CHAIR = (
    ReminderKind.REMINDER,
    ReminderKind.OVERDUE,
    ReminderKind.ESCALATION_MANAGER,
    ReminderKind.ESCALATION_CHAIR,
)


def on(days_after_deadline: int) -> date:
    return DUE_ON + timedelta(days=days_after_deadline)


@pytest.mark.parametrize(
    ("days_after_deadline", "expected"),
    [
        (-30, []),
        (-15, []),
        (-14, [(REM, "2026-12-01:before-14")]),
        (-13, [(REM, "2026-12-01:before-14")]),
        (-4, [(REM, "2026-12-01:before-14")]),
        (-3, [(REM, "2026-12-01:before-3")]),
        (-1, [(REM, "2026-12-01:before-3")]),
        (0, [(REM, "2026-12-01:before-0")]),
        (1, [(OVER, "2026-12-01:overdue-0")]),
        (6, [(OVER, "2026-12-01:overdue-0")]),
        (7, [(OVER, "2026-12-01:overdue-0"), (MGR, "2026-12-01:escalated")]),
        (8, [(OVER, "2026-12-01:overdue-1"), (MGR, "2026-12-01:escalated")]),
        (14, [(OVER, "2026-12-01:overdue-1"), (MGR, "2026-12-01:escalated")]),
        (15, [(OVER, "2026-12-01:overdue-2"), (MGR, "2026-12-01:escalated")]),
        (27, [(OVER, "2026-12-01:overdue-3"), (MGR, "2026-12-01:escalated")]),
        (
            28,
            [
                (OVER, "2026-12-01:overdue-3"),
                (MGR, "2026-12-01:escalated"),
                (CHAIR, "2026-12-01:escalated"),
            ],
        ),
        (
            29,
            [
                (OVER, "2026-12-01:overdue-4"),
                (MGR, "2026-12-01:escalated"),
                (CHAIR, "2026-12-01:escalated"),
            ],
        ),
    ],
)
def test_reminders_and_escalations_fall_due_at_their_boundaries(days_after_deadline, expected):
    due = reminders_due(DUE_ON, on(days_after_deadline), POLICY)
    assert [(message.kind, message.period) for message in due] == expected


def test_a_reminder_reports_the_days_left_and_an_overdue_one_the_days_overdue():
    assert reminders_due(DUE_ON, on(-10), POLICY)[0].days == 10
    assert reminders_due(DUE_ON, on(9), POLICY)[0].days == 9


@pytest.mark.parametrize(
    ("policy", "days_after_deadline", "expected_kinds"),
    [
        (ReminderPolicy(days_before=(7,)), -8, []),
        (ReminderPolicy(days_before=(7,)), -7, [REM]),
        (ReminderPolicy(days_before=(7,)), 0, [REM]),
        (ReminderPolicy(days_before=()), 0, []),
        (ReminderPolicy(manager_after_days=1), 1, [OVER, MGR]),
        (ReminderPolicy(chair_after_days=10), 9, [OVER, MGR]),
        (ReminderPolicy(chair_after_days=10), 10, [OVER, MGR, CHAIR]),
    ],
)
def test_each_threshold_is_the_services_own_setting(policy, days_after_deadline, expected_kinds):
    due = reminders_due(DUE_ON, on(days_after_deadline), policy)
    assert [message.kind for message in due] == expected_kinds


@pytest.mark.parametrize(
    ("every", "days_overdue", "round_number"),
    [(7, 1, 0), (7, 7, 0), (7, 8, 1), (3, 4, 1), (3, 7, 2), (0, 1, 0), (0, 50, 0)],
)
def test_overdue_reminders_repeat_every_n_days_and_zero_means_once(
    every, days_overdue, round_number
):
    due = reminders_due(DUE_ON, on(days_overdue), ReminderPolicy(overdue_every_days=every))
    assert due[0].period == f"2026-12-01:overdue-{round_number}"


def test_revising_the_deadline_changes_every_deadline_period():
    before = {m.period for m in reminders_due(DUE_ON, on(30), POLICY)}
    revised = DUE_ON + timedelta(days=7)
    after = {m.period for m in reminders_due(revised, on(30), POLICY)}
    assert before.isdisjoint(after)


LAST = date(2026, 10, 1)


@pytest.mark.parametrize(
    ("quiet_days", "expected_period"),
    [
        (0, None),
        (41, None),
        (42, "2026-10-01:quiet-42"),
        (83, "2026-10-01:quiet-42"),
        (84, "2026-10-01:quiet-84"),
    ],
)
def test_an_update_is_requested_after_42_quiet_days_and_again_after_each_further_42(
    quiet_days, expected_period
):
    due = update_request_due(LAST, LAST + timedelta(days=quiet_days), POLICY)
    assert (due.period if due else None) == expected_period


def test_no_update_request_when_the_setting_is_zero():
    assert (
        update_request_due(LAST, LAST + timedelta(days=400), ReminderPolicy(update_after_days=0))
        is None
    )


@pytest.mark.parametrize(
    ("days_after_deadline", "expected"),
    [
        (-31, None),
        (-30, DUE_SOON_EVENT),
        (0, DUE_SOON_EVENT),
        (1, OVERDUE_EVENT),
        (90, OVERDUE_EVENT),
    ],
)
def test_an_action_becomes_due_soon_inside_the_window_and_overdue_the_day_after(
    days_after_deadline, expected
):
    assert deadline_event_due(DUE_ON, on(days_after_deadline), due_soon_days=30) == expected


@pytest.mark.parametrize(
    ("days_after_setting", "expected"),
    [(0, [OVER]), (5, [OVER]), (6, [OVER, MGR]), (27, [OVER, MGR, CHAIR])],
)
def test_a_deadline_set_after_it_had_passed_escalates_from_the_day_it_was_set(
    days_after_setting, expected
):
    set_on = on(30)  # a manager confirmed a deadline 30 days past
    today = set_on + timedelta(days=days_after_setting)

    due = reminders_due(DUE_ON, today, POLICY, set_on=set_on)

    assert [message.kind for message in due] == expected
    assert due[0].days == 30 + days_after_setting, "the owner is told how overdue it really is"


def test_a_deadline_set_before_it_passed_escalates_from_the_deadline():
    due = reminders_due(DUE_ON, on(30), POLICY, set_on=DUE_ON - timedelta(days=10))
    assert [message.kind for message in due] == [OVER, MGR, CHAIR]
