"""Deadline arithmetic: the one definition of overdue and due soon. Pure; ``today`` passed in.

RAG, the filters, the reminder schedule and the digests all ask these (the QuerySet methods
``ActionQuerySet.overdue`` and ``due_within`` are the same rules as database conditions).
"""

from datetime import date, timedelta


def is_overdue(due_on: date, today: date) -> bool:
    """An open action is overdue from the day after its deadline."""
    return due_on < today


def is_due_soon(due_on: date, today: date, days: int) -> bool:
    """Due today or within the next ``days`` days (the service's window), not yet overdue."""
    return not is_overdue(due_on, today) and due_on <= due_window_end(today, days)


def due_window_end(today: date, days: int) -> date:
    """The last day of a "due within ``days`` days" window starting today (inclusive)."""
    return today + timedelta(days=days)
