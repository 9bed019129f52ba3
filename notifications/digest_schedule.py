"""When a board member's digest is due. Pure: ``now`` (aware) and meeting dates are passed in.

The rule, every time in Europe/London whatever the server's zone or the season (GMT or BST):

- **weekly**: Monday 08:00. The period is the ISO week, e.g. ``weekly:2026-W48``.
- **monthly**: the first Monday of the month, 08:00 (so between the 1st and the 7th, never
  on a weekend). The period is the month, e.g. ``monthly:2026-12``.
- **before_meeting**: ``days_before`` days before the board's next meeting, 08:00. The period
  is the meeting date, e.g. ``meeting:2026-12-10``. A meeting recorded later than that
  moment is still announced, as soon as the job runs, up to the meeting day itself.

A digest is *due* from its moment until the period ends, so a job that was down at 08:00
catches up on its next run; the send ledger keeps it to one digest per member per period.
The member's own choice overrides the board's schedule; ``unsubscribed`` means none.
"""

from calendar import monthrange
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from core.clock import LONDON

SEND_AT = time(8, 0)

WEEKLY, MONTHLY, BEFORE_MEETING = "weekly", "monthly", "before_meeting"
BOARD_SCHEDULE, UNSUBSCRIBED = "board_schedule", "unsubscribed"


@dataclass(frozen=True)
class DuePeriod:
    """A digest period whose send moment has passed: its ledger key and when it fell due."""

    key: str
    due_at: datetime


def effective_frequency(choice: str, board_schedule: str) -> str | None:
    """The member's frequency: their own choice, else the board's; ``None`` if unsubscribed."""
    if choice == UNSUBSCRIBED:
        return None
    return board_schedule if choice == BOARD_SCHEDULE else choice


def london_at_eight(day: date) -> datetime:
    """08:00 on ``day`` in London (07:00 UTC in summer time, 08:00 UTC in winter)."""
    return datetime.combine(day, SEND_AT, tzinfo=LONDON)


def first_monday(year: int, month: int) -> date:
    """The first Monday of a month: between the 1st and the 7th."""
    first = date(year, month, 1)
    return first + timedelta(days=(7 - first.weekday()) % 7)


def weekly_period(now: datetime) -> DuePeriod | None:
    """This ISO week's digest, once Monday 08:00 London has passed."""
    today = now.astimezone(LONDON).date()
    monday = today - timedelta(days=today.weekday())
    due_at = london_at_eight(monday)
    if now < due_at:
        return None
    year, week, _ = monday.isocalendar()
    return DuePeriod(f"weekly:{year}-W{week:02d}", due_at)


def monthly_period(now: datetime) -> DuePeriod | None:
    """This month's digest, once 08:00 London on its first Monday has passed."""
    today = now.astimezone(LONDON).date()
    due_at = london_at_eight(first_monday(today.year, today.month))
    if now < due_at:
        return None
    return DuePeriod(f"monthly:{today:%Y-%m}", due_at)


def meeting_period(now: datetime, meets_on: date | None, days_before: int) -> DuePeriod | None:
    """The digest for the next meeting (on or after today), from ``days_before`` days ahead."""
    if meets_on is None or meets_on < now.astimezone(LONDON).date():
        return None
    due_at = london_at_eight(meets_on - timedelta(days=days_before))
    if now < due_at:
        return None
    return DuePeriod(f"meeting:{meets_on.isoformat()}", due_at)


def due_period(
    frequency: str | None, now: datetime, next_meeting_on: date | None, days_before: int
) -> DuePeriod | None:
    """The period whose digest is due at ``now`` for this frequency, or ``None``."""
    if frequency == WEEKLY:
        return weekly_period(now)
    if frequency == MONTHLY:
        return monthly_period(now)
    if frequency == BEFORE_MEETING:
        return meeting_period(now, next_meeting_on, days_before)
    return None


def default_since(frequency: str, now: datetime) -> datetime:
    """Where a first digest starts when none was sent before: 7 days back, else one month."""
    if frequency == WEEKLY:
        return now - timedelta(days=7)
    return month_before(now)


def month_before(moment: datetime) -> datetime:
    """The same day and time one calendar month earlier (the month's last day if shorter)."""
    year, month = (moment.year, moment.month - 1) if moment.month > 1 else (moment.year - 1, 12)
    return moment.replace(year=year, month=month, day=min(moment.day, monthrange(year, month)[1]))
