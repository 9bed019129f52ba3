"""When a board meeting's update round is due. Pure: ``today`` and the dates are passed in.

The round before a meeting on ``meets_on`` is due from ``days_before`` days before it until the
day before the meeting, so a job that did not run on the first day catches up on the next; the
round's key (``meeting:<date>``) keeps it to one link per action and one email per owner.
"""

from datetime import date, timedelta


def round_key(meets_on: date) -> str:
    """The round's key in the links and the ledger, e.g. ``meeting:2026-12-10``."""
    return f"meeting:{meets_on.isoformat()}"


def round_is_due(*, meets_on: date, days_before: int, today: date) -> bool:
    """Whether the round before the meeting on ``meets_on`` is due ``today``."""
    return meets_on - timedelta(days=days_before) <= today < meets_on
