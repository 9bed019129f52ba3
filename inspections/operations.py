"""Writes to inspections and recommendations that span models or record events."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from inspections.models import Inspection, Recommendation, Standard, StandardRating
from notifications.events import EventType, record_event


def _event(event_type, subject, actor, service, **data):
    return record_event(event_type, subject=subject, actor=actor, service=service, data=data)


@transaction.atomic
def save_inspection(
    *, inspection: Inspection, actor, ratings: dict[str, str] | None = None
) -> Inspection:
    """Create or update an inspection and, when given, its standard ratings (code → rating).

    Publishing (a publication date appearing) records ``inspection.published``.
    """
    previous = (
        Inspection.objects.select_for_update().get(pk=inspection.pk) if inspection.pk else None
    )
    if previous is not None:
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


def publish_inspection(*, inspection: Inspection, published_on: date, actor) -> Inspection:
    """Record the report's publication date."""
    if inspection.published_on:
        raise ValidationError({"published_on": "This inspection is already published."})
    inspection.published_on = published_on
    return save_inspection(inspection=inspection, actor=actor)


def _check_standards(recommendation: Recommendation, standards) -> None:
    framework_id = recommendation.inspection.framework_id
    foreign = sorted(s.code for s in standards if s.domain.framework_id != framework_id)
    if foreign:
        raise ValidationError(
            {"standards": f"Not standards of the inspection's framework: {', '.join(foreign)}."}
        )


@transaction.atomic
def save_recommendation(*, recommendation: Recommendation, actor, standards=None) -> Recommendation:
    """Create or update a recommendation (and the standards it relates to, when given)."""
    from actions.rollup import refresh_inspection_rollups

    previous = (
        Recommendation.objects.select_for_update().get(pk=recommendation.pk)
        if recommendation.pk
        else None
    )
    if previous is not None:
        recommendation.rag = previous.rag
    recommendation.full_clean()
    if standards is not None:
        _check_standards(recommendation, standards)
    recommendation.save()
    if standards is not None:
        recommendation.standards.set(standards)
    service = recommendation.inspection.service
    if previous is None:
        _event(
            EventType.RECOMMENDATION_ADDED,
            recommendation,
            actor,
            service,
            inspection_id=recommendation.inspection_id,
            number=recommendation.number,
        )
        refresh_inspection_rollups(
            [recommendation.inspection_id], today=timezone.localdate(), actor=actor
        )
    elif (previous.text, previous.addressee, previous.number) != (
        recommendation.text,
        recommendation.addressee,
        recommendation.number,
    ):
        _event(
            EventType.RECOMMENDATION_CHANGED,
            recommendation,
            actor,
            service,
            old={"number": previous.number, "text": previous.text, "addressee": previous.addressee},
            new={
                "number": recommendation.number,
                "text": recommendation.text,
                "addressee": recommendation.addressee,
            },
        )
    return recommendation
