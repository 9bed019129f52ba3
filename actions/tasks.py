"""Celery tasks of the actions app."""

from datetime import date

from celery import shared_task

from actions.operations import recalculate_rags
from notifications.scan import today_in_london


@shared_task(acks_late=True)
def recalculate_rags_task(today: str | None = None) -> int:
    """Recompute every action's RAG and the roll-ups for ``today`` (ISO date, default today in
    Europe/London). Returns how many actions changed. Twice: the second run changes nothing.
    """
    on = date.fromisoformat(today) if today else today_in_london()
    return recalculate_rags(today=on)
