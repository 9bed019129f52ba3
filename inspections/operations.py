"""Writes to inspections and recommendations that span models or record events."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction

from core.writes import keep_unchanged_fields
from events.catalogue import EventType
from events.outbox import record_event
from inspections.models import Inspection, Standard, StandardRating
from tenancy.rules import require


def _event(event_type, subject, actor, service, **data):
    return record_event(event_type, subject=subject, actor=actor, service=service, data=data)


@transaction.atomic
def save_inspection(
    *,
    inspection: Inspection,
    actor,
    ratings: dict[str, str] | None = None,
    fields: Iterable[str] | None = None,
) -> Inspection:
    """Create or update an inspection and, when given, its standard ratings (code → rating).

    ``fields``: the fields the caller changed, written over the row as it is now (see
    ``core.writes``). Publishing (a publication date appearing) records ``inspection.published``.
    """
    previous = (
        Inspection.objects.select_for_update().get(pk=inspection.pk) if inspection.pk else None
    )
    if previous is None:
        require(actor, "inspections.add_inspection", inspection.service)
    else:
        require(actor, "inspections.change_inspection", previous)
        keep_unchanged_fields(inspection, previous, fields)
        inspection.rag = previous.rag
    inspection.full_clean()
    inspection.save()
    if previous is None:
        _event(
            EventType.INSPECTION_CREATED,
            inspection,
            actor,
            inspection.service,
            framework=inspection.framework.code,
            kind=inspection.kind,
        )
    if ratings is not None:
        set_standard_ratings(inspection=inspection, ratings=ratings, actor=actor)
    if inspection.published_on and (previous is None or not previous.published_on):
        _event(
            EventType.INSPECTION_PUBLISHED,
            inspection,
            actor,
            inspection.service,
            published_on=inspection.published_on.isoformat(),
        )
    return inspection


@transaction.atomic
def set_standard_ratings(*, inspection: Inspection, ratings: dict[str, str], actor) -> None:
    """Replace the inspection's ratings with ``ratings`` (standard code → rating).

    Every code must be a standard of the inspection's framework and every rating on its scale
    (or *not rated*); otherwise nothing changes and the error names the standard.
    """
    standards = {
        s.code: s for s in Standard.objects.filter(domain__framework=inspection.framework_id)
    }
    unknown = sorted(set(ratings) - set(standards))
    if unknown:
        raise ValidationError(
            {"standard_ratings": f"Not a standard of this framework: {', '.join(unknown)}."}
        )
    old = inspection.ratings_by_code() if inspection.pk else {}
    rows = [
        StandardRating(inspection=inspection, standard=standards[code], rating=rating)
        for code, rating in ratings.items()
    ]
    for row in rows:
        row.inspection = inspection
        row.clean_fields(exclude=["inspection", "standard"])
        try:
            row.clean()
        except ValidationError as error:
            raise ValidationError(
                {"standard_ratings": f"{row.standard.code}: {' '.join(error.messages)}"}
            ) from None
    inspection.standard_ratings.all().delete()
    StandardRating.objects.bulk_create(rows)
    if old != ratings:
        _event(
            EventType.INSPECTION_RATINGS_CHANGED,
            inspection,
            actor,
            inspection.service,
            old=old,
            new=dict(ratings),
        )
