"""Recommendations saved with their standards (or many new ones at once), recording what
changed and refreshing roll-ups."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction

from actions.rollup import refresh_inspection_rollups
from core import clock
from core.writes import clean_for_batch, insert_checked, keep_unchanged_fields
from events.catalogue import EventType
from events.outbox import new_event, record_event, record_events
from inspections.models import Recommendation
from tenancy.rules import require


@transaction.atomic
def save_recommendation(
    *, recommendation: Recommendation, actor, standards=None, fields: Iterable[str] | None = None
) -> Recommendation:
    """Create or update a recommendation (and the standards it relates to, when given).

    ``fields``: the fields the caller changed, written over the row as it is now (see
    ``core.writes``)."""
    previous = (
        Recommendation.objects.select_for_update().get(pk=recommendation.pk)
        if recommendation.pk
        else None
    )
    if previous is None:
        require(actor, "inspections.add_recommendation", recommendation.inspection)
    else:
        require(actor, "inspections.change_recommendation", previous)
        keep_unchanged_fields(recommendation, previous, fields)
        recommendation.rag = previous.rag
    recommendation.full_clean()
    if standards is not None:
        recommendation.validate_standards(standards)
    recommendation.save()
    if standards is not None:
        recommendation.standards.set(standards)
    service = recommendation.inspection.service
    if previous is None:
        record_event(
            EventType.RECOMMENDATION_ADDED,
            subject=recommendation,
            actor=actor,
            service=service,
            data=_added_facts(recommendation),
        )
        refresh_inspection_rollups([recommendation.inspection_id], today=clock.today(), actor=actor)
    elif (previous.text, previous.addressee, previous.number) != (
        recommendation.text,
        recommendation.addressee,
        recommendation.number,
    ):
        record_event(
            EventType.RECOMMENDATION_CHANGED,
            subject=recommendation,
            actor=actor,
            service=service,
            data={
                "old": {
                    "number": previous.number,
                    "text": previous.text,
                    "addressee": previous.addressee,
                },
                "new": {
                    "number": recommendation.number,
                    "text": recommendation.text,
                    "addressee": recommendation.addressee,
                },
            },
        )
    return recommendation


@transaction.atomic
def delete_recommendation(*, recommendation: Recommendation, actor, today=None) -> None:
    """Delete a recommendation with no actions (its actions are deleted first, each recorded:
    ``delete_action``), recording what it was for the log's history."""
    recommendation = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    require(actor, "inspections.delete_recommendation", recommendation)
    if recommendation.actions.exists():
        raise ValidationError("Delete its actions first: each deletion is recorded.")
    record_event(
        EventType.RECOMMENDATION_DELETED,
        subject=recommendation,
        actor=actor,
        service=recommendation.inspection.service,
        data={"number": recommendation.number, "text": recommendation.text},
    )
    inspection_id = recommendation.inspection_id
    recommendation.delete()
    refresh_inspection_rollups({inspection_id}, today=today or clock.today(), actor=actor)


def _added_facts(recommendation: Recommendation) -> dict:
    """What ``recommendation.added`` records of a new recommendation."""
    return {
        "inspection_id": recommendation.inspection_id,
        "number": recommendation.number,
        # The board pack as at a date quotes the text from the event log.
        "text": recommendation.text,
        "addressee": recommendation.addressee,
    }


@transaction.atomic
def create_recommendations(*, recommendations: list[Recommendation], actor) -> list[Recommendation]:
    """``save_recommendation`` for many new recommendations (no standards) at once, in a fixed
    number of queries: the same permission and ``clean()`` rules, the same events, each
    inspection re-rolled once. Each one's inspection (with its service) is given as an instance
    read in this transaction; a broken constraint is raised as its ``ValidationError``."""
    if not recommendations:
        return recommendations
    for recommendation in recommendations:
        require(actor, "inspections.add_recommendation", recommendation.inspection)
        clean_for_batch(recommendation, given=("inspection",))
    insert_checked(Recommendation, recommendations)
    record_events(
        [
            new_event(
                EventType.RECOMMENDATION_ADDED,
                subject=recommendation,
                actor=actor,
                service=recommendation.inspection.service,
                data=_added_facts(recommendation),
            )
            for recommendation in recommendations
        ]
    )
    inspection_ids = {recommendation.inspection_id for recommendation in recommendations}
    refresh_inspection_rollups(inspection_ids, today=clock.today(), actor=actor)
    return recommendations
