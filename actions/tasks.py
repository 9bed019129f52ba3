"""Celery tasks of the actions app."""

from datetime import date

from celery import shared_task

from actions.operations.recalculation import recalculate_rags
from core import clock


@shared_task(acks_late=True)
def recalculate_rags_task(today: str | None = None) -> int:
    """Recompute every action's RAG and the roll-ups for ``today`` (ISO date, default today in
    Europe/London). Returns how many actions changed. Twice: the second run changes nothing.
    """
    on = date.fromisoformat(today) if today else clock.today()
    return recalculate_rags(today=on)
