"""Deadline arithmetic shared by RAG, filters, reminders and digests. Pure; ``today`` passed in."""

from datetime import date, timedelta


def is_overdue(due_on: date, today: date) -> bool:
    """An open action is overdue from the day after its deadline."""
    return due_on < today


def due_window_end(today: date, days: int) -> date:
    """The last day of a "due within ``days`` days" window starting today (inclusive)."""
    return today + timedelta(days=days)


def days_overdue(due_on: date, today: date) -> int:
    """Whole days past the deadline (0 on the day, negative before it)."""
    return (today - due_on).days
