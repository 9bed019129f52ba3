"""The digest schedule rule at its boundaries, in London time across GMT and BST."""

from datetime import UTC, date, datetime

import pytest

from notifications import digest_schedule as schedule


def utc(*args):
    return datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize(
    ("now", "period"),
    [
        # Winter (GMT): 08:00 London is 08:00 UTC.
        (utc(2026, 11, 23, 7, 59), None),
        (utc(2026, 11, 23, 8, 0), "weekly:2026-W48"),
        (utc(2026, 11, 29, 23, 59), "weekly:2026-W48"),
        # Summer (BST): 08:00 London is 07:00 UTC.
        (utc(2026, 6, 1, 6, 59), None),
        (utc(2026, 6, 1, 7, 0), "weekly:2026-W23"),
        # The Monday after the clocks go forward (Sunday 29 March 2026): already BST.
        (utc(2026, 3, 30, 6, 59), None),
        (utc(2026, 3, 30, 7, 0), "weekly:2026-W14"),
        # The Monday after the clocks go back (Sunday 25 October 2026): GMT again.
        (utc(2026, 10, 26, 7, 59), None),
        (utc(2026, 10, 26, 8, 0), "weekly:2026-W44"),
        # Sunday 23:30 UTC in summer is already Monday 00:30 in London: before 08:00.
        (utc(2026, 6, 7, 23, 30), None),
        # Late Sunday in London, winter: still the week that began last Monday.
        (utc(2026, 11, 22, 23, 59), "weekly:2026-W47"),
    ],
)
def test_weekly_digest_falls_due_at_monday_eight_in_london(now, period):
    due = schedule.weekly_period(now)
    assert (due.key if due else None) == period


def test_weekly_period_records_the_moment_it_fell_due():
    due = schedule.weekly_period(utc(2026, 6, 3, 12, 0))
    assert due.due_at == utc(2026, 6, 1, 7, 0)


@pytest.mark.parametrize(
    ("year", "month", "monday"),
    [
        (2026, 6, date(2026, 6, 1)),  # the 1st is a Monday
        (2026, 11, date(2026, 11, 2)),
        (2026, 12, date(2026, 12, 7)),  # the 1st is a Tuesday: the 7th
        (2026, 3, date(2026, 3, 2)),
    ],
)
def test_first_monday_of_the_month(year, month, monday):
    assert schedule.first_monday(year, month) == monday


@pytest.mark.parametrize(
    ("now", "period"),
    [
        (utc(2026, 12, 6, 12, 0), None),  # December's first Monday is the 7th
        (utc(2026, 12, 7, 7, 59), None),
        (utc(2026, 12, 7, 8, 0), "monthly:2026-12"),
        (utc(2026, 12, 31, 23, 59), "monthly:2026-12"),
        (utc(2026, 6, 1, 6, 59), None),  # BST
        (utc(2026, 6, 1, 7, 0), "monthly:2026-06"),
    ],
)
def test_monthly_digest_falls_due_on_the_first_monday_at_eight(now, period):
    due = schedule.monthly_period(now)
    assert (due.key if due else None) == period


@pytest.mark.parametrize(
    ("now", "meets_on", "days_before", "period"),
    [
        (utc(2026, 12, 3, 7, 59), date(2026, 12, 10), 7, None),
        (utc(2026, 12, 3, 8, 0), date(2026, 12, 10), 7, "meeting:2026-12-10"),
        (utc(2026, 12, 10, 20, 0), date(2026, 12, 10), 7, "meeting:2026-12-10"),
        (utc(2026, 6, 3, 6, 59), date(2026, 6, 10), 7, None),  # BST
        (utc(2026, 6, 3, 7, 0), date(2026, 6, 10), 7, "meeting:2026-06-10"),
        (utc(2026, 12, 10, 7, 59), date(2026, 12, 10), 0, None),
        (utc(2026, 12, 10, 8, 0), date(2026, 12, 10), 0, "meeting:2026-12-10"),
        (utc(2026, 12, 11, 8, 0), date(2026, 12, 10), 7, None),  # the meeting has passed
        (utc(2026, 12, 3, 8, 0), None, 7, None),  # no meeting recorded
    ],
)
def test_meeting_digest_falls_due_days_before_the_next_meeting(now, meets_on, days_before, period):
    due = schedule.meeting_period(now, meets_on, days_before)
    assert (due.key if due else None) == period


@pytest.mark.parametrize(
    ("choice", "board_schedule", "frequency"),
    [
        ("board_schedule", "monthly", "monthly"),
        ("weekly", "monthly", "weekly"),
        ("before_meeting", "weekly", "before_meeting"),
        ("unsubscribed", "weekly", None),
    ],
)
def test_member_choice_overrides_the_board_schedule(choice, board_schedule, frequency):
    assert schedule.effective_frequency(choice, board_schedule) == frequency


def test_unsubscribed_member_is_never_due():
    assert schedule.due_period(None, utc(2026, 11, 23, 9, 0), date(2026, 11, 24), 7) is None


@pytest.mark.parametrize(
    ("frequency", "now", "since"),
    [
        ("weekly", utc(2026, 11, 23, 8, 0), utc(2026, 11, 16, 8, 0)),
        ("monthly", utc(2026, 12, 7, 8, 0), utc(2026, 11, 7, 8, 0)),
        ("monthly", utc(2026, 3, 31, 8, 0), utc(2026, 2, 28, 8, 0)),
        ("before_meeting", utc(2026, 1, 5, 8, 0), utc(2025, 12, 5, 8, 0)),
    ],
)
def test_a_first_digest_covers_a_week_or_a_month(frequency, now, since):
    assert schedule.default_since(frequency, now) == since
