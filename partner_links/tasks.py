"""Celery adapters of the update rounds: ISO dates in, counts out."""

from datetime import date

from celery import shared_task

from core import clock
from partner_links.operations import send_update_rounds


@shared_task(acks_late=True)
def send_update_rounds_task(today: str | None = None) -> dict[str, int]:
    """Send every update round due ``today`` (ISO date, default today in Europe/London).

    Twice: links and emails are keyed by the round, so the second run sends nothing new.
    """
    on = date.fromisoformat(today) if today else clock.today()
    run = send_update_rounds(today=on, now=clock.now())
    return {"meetings": run.meetings, "links": run.links, "queued": len(run.queued)}
