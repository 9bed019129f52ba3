"""Inspection writes: ratings replaced whole, publication and recommendations recorded as events."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from actions.operations.recommendations import save_recommendation
from events.models import DomainEvent
from inspections.models import Framework, Inspection, Recommendation, Standard
from inspections.operations import save_inspection
from tests.factories import MEDWAY_RATINGS

pytestmark = pytest.mark.django_db


def new_inspection(service, **fields):
    return Inspection(
        service=service,
        framework=Framework.objects.get(code="2018"),
        kind="single",
        fieldwork_start_on=date(2020, 2, 24),
        fieldwork_end_on=date(2020, 2, 28),
        **fields,
    )


def test_an_inspection_is_recorded_with_its_ratings_and_scored(service, manager):
    inspection = save_inspection(
        inspection=new_inspection(service), actor=manager, ratings=MEDWAY_RATINGS
    )
    inspection = Inspection.objects.get(pk=inspection.pk)
    assert (inspection.score, inspection.overall_rating) == (18, "requires_improvement")
    assert DomainEvent.objects.filter(type="inspection.created", subject_id=inspection.pk).exists()


def test_an_unknown_standard_leaves_the_ratings_as_they_were(service, manager):
    inspection = save_inspection(
        inspection=new_inspection(service), actor=manager, ratings=MEDWAY_RATINGS
    )
    with pytest.raises(ValidationError, match=r"Not a standard of this framework: 9\.9"):
        save_inspection(
            inspection=inspection, actor=manager, ratings={**MEDWAY_RATINGS, "9.9": "good"}
        )
    assert inspection.standard_ratings.count() == 12


def test_publishing_records_the_event_once(service, manager):
    inspection = save_inspection(inspection=new_inspection(service), actor=manager)
    inspection.published_on = date(2020, 6, 4)
    save_inspection(inspection=inspection, actor=manager)
    inspection.published_on = date(2020, 6, 5)  # a correction of the date is not a new publication
    save_inspection(inspection=inspection, actor=manager)
    assert DomainEvent.objects.filter(type="inspection.published").count() == 1


def test_a_new_recommendation_makes_the_plan_unplanned_until_it_has_actions(service, manager):
    inspection = save_inspection(inspection=new_inspection(service), actor=manager)
    recommendation = save_recommendation(
        recommendation=Recommendation(
            inspection=inspection, number=1, text="Evaluate interventions"
        ),
        actor=manager,
        standards=list(inspection.framework.domains.get(code="2").standards.all()),
    )
    inspection.refresh_from_db()
    assert recommendation.rag == "unplanned" and inspection.rag == "unplanned"
    assert recommendation.standards.count() == 4
    assert DomainEvent.objects.filter(type="recommendation.added").count() == 1


def test_the_published_rating_must_be_on_the_scale_and_mismatches_are_flagged(service, manager):
    inspection = new_inspection(service, published_score=19, published_rating="good")
    inspection = save_inspection(inspection=inspection, actor=manager, ratings=MEDWAY_RATINGS)
    assert [m.field for m in Inspection.objects.get(pk=inspection.pk).published_mismatches()] == [
        "score",
        "rating",
    ]
    inspection.published_rating = "satisfactory"
    with pytest.raises(ValidationError):
        save_inspection(inspection=inspection, actor=manager)


def test_the_2025_overall_rating_is_the_published_one(service, manager):
    inspection = new_inspection(service, published_rating="good")
    inspection.framework = Framework.objects.get(code="2025")
    inspection = save_inspection(inspection=inspection, actor=manager, ratings={"2.1": "good"})
    assert Inspection.objects.get(pk=inspection.pk).overall_rating == "good"


def test_a_recommendation_relates_only_to_standards_of_its_framework(service, manager):
    inspection = save_inspection(inspection=new_inspection(service), actor=manager)
    resettlement = Framework.objects.get(code="2021").domains.get(code="4").standards.get()
    with pytest.raises(ValidationError) as error:
        save_recommendation(
            recommendation=Recommendation(inspection=inspection, number=1, text="x"),
            actor=manager,
            standards=[resettlement],
        )
    assert "standards" in error.value.message_dict
    assert not Recommendation.objects.exists()


def test_save_recommendation_refuses_standards_of_another_framework(service, manager):
    inspection = save_inspection(inspection=new_inspection(service), actor=manager)
    resettlement = Standard.objects.get(domain__framework__code="2021", code="4.1")
    with pytest.raises(ValidationError) as error:
        save_recommendation(
            recommendation=Recommendation(inspection=inspection, number=1, text="Resettle"),
            actor=manager,
            standards=[resettlement],
        )
    assert error.value.message_dict == {
        "standards": ["Not standards of the inspection's framework: 4.1."]
    }
    assert not Recommendation.objects.exists()
