"""Progress updates: appended to an action, moving it into progress and recomputing its RAG."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from actions.choices import ActionStatus
from actions.models import Action, ProgressUpdate
from actions.operations.action_events import record_action_event
from actions.operations.recalculation import refresh_action_rag
from core import clock
from events.catalogue import EventType
from tenancy.rules import require


@transaction.atomic
def record_progress(
    *,
    action: Action,
    author,
    narrative: str,
    assessed_rag: str,
    recorded_at: datetime | None = None,
    contributor_name: str = "",
) -> ProgressUpdate:
    """Append a progress update; a not-started action moves to in progress. RAG is recomputed.

    ``author`` None is the system recording for someone without an account (an update link, whose
    signature is the authority): then ``contributor_name`` must say who wrote it.
    """
    if author is None and not contributor_name.strip():
        raise ValidationError("An update recorded without an author must name its contributor.")
    action = Action.objects.select_for_update().with_service().get(pk=action.pk)
    require(author, "actions.add_progressupdate", action)
    update = ProgressUpdate(
        action=action,
        author=author,
        contributor_name=contributor_name.strip(),
        narrative=narrative.strip(),
        assessed_rag=assessed_rag,
        recorded_at=recorded_at or clock.now(),
    )
    update.full_clean()
    update.save()
    recorded_on = timezone.localdate(update.recorded_at)
    if action.last_progress_on is None or recorded_on >= action.last_progress_on:
        action.last_progress_on, action.last_assessed_rag = recorded_on, assessed_rag
    fields = ["last_progress_on", "last_assessed_rag", "updated_at"]
    if action.status == ActionStatus.NOT_STARTED:
        record_action_event(
            EventType.ACTION_STATUS_CHANGED,
            action,
            author,
            old=action.status,
            new=ActionStatus.IN_PROGRESS,
        )
        action.status = ActionStatus.IN_PROGRESS
        fields.append("status")
    action.save(update_fields=fields)
    record_action_event(
        EventType.PROGRESS_RECORDED,
        action,
        author,
        progress_update_id=update.pk,
        assessed_rag=assessed_rag,
        # The board pack as at a date quotes the latest narrative from the event log.
        narrative=update.narrative,
        recorded_on=recorded_on.isoformat(),
        **({"contributor_name": update.contributor_name} if update.contributor_name else {}),
    )
    refresh_action_rag(action=action, today=clock.today(), actor=author)
    return update
