"""Roll-up from actions to recommendations and inspections: right answer, constant queries."""

import pytest

from actions.rollup import rag_counts, refresh_rollups, rollups_deferred
from events.models import DomainEvent
from inspections.models import Inspection, Recommendation
from tests.factories import InspectionFactory, RecommendationFactory, make_action
from tests.support import TODAY

pytestmark = pytest.mark.django_db


def test_counts_per_recommendation_and_inspection():
    inspection = InspectionFactory()
    first, second, empty = (RecommendationFactory(inspection=inspection) for _ in range(3))
    make_action(first, rag="green", today=TODAY)
    make_action(first, rag="red", due_in_days=-3, today=TODAY)
    make_action(second, rag="blue", status="complete", due_in_days=-10, today=TODAY)
    by_recommendation = rag_counts(Recommendation.objects.all(), by="id", today=TODAY)
    assert by_recommendation[first.pk].rag == "red"
    assert by_recommendation[first.pk].overdue == 1
    assert by_recommendation[second.pk].rag == "blue"
    assert by_recommendation[empty.pk].rag == "unplanned"
    by_inspection = rag_counts(Recommendation.objects.all(), by="inspection", today=TODAY)
    counts = by_inspection[inspection.pk]
    assert (counts.red, counts.green, counts.blue, counts.unplanned, counts.overdue) == (
        1,
        1,
        1,
        1,
        1,
    )
    assert counts.percent_complete == 33
    assert counts.rag == "red"


@pytest.mark.parametrize("size", [2, 20])
def test_rag_counts_take_two_queries_whatever_the_size(django_assert_num_queries, size):
    for _ in range(size):
        recommendation = RecommendationFactory()
        make_action(recommendation, rag="amber", today=TODAY)
        RecommendationFactory(inspection=recommendation.inspection)
    with django_assert_num_queries(2):
        counts = rag_counts(Recommendation.objects.all(), by="inspection__service", today=TODAY)
    assert sum(c.actions for c in counts.values()) == size


def test_refresh_stores_rolled_up_rag_and_records_a_change_event_at_each_level():
    recommendation = RecommendationFactory()
    make_action(recommendation, rag="red", due_in_days=-1, today=TODAY)
    refresh_rollups([recommendation.pk], today=TODAY)
    recommendation.refresh_from_db()
    inspection = Inspection.objects.get(pk=recommendation.inspection_id)
    assert (recommendation.rag, inspection.rag) == ("red", "red")
    types = set(DomainEvent.objects.values_list("type", flat=True))
    assert {"recommendation.rag_changed", "inspection.rag_changed"} <= types
    refresh_rollups([recommendation.pk], today=TODAY)
    assert DomainEvent.objects.filter(type__endswith="rag_changed").count() == 2


@pytest.mark.parametrize("size", [3, 30])
def test_refresh_uses_a_bounded_number_of_queries(django_assert_max_num_queries, size):
    inspection = InspectionFactory()
    recommendations = [RecommendationFactory(inspection=inspection) for _ in range(size)]
    for recommendation in recommendations:
        make_action(recommendation, rag="green", today=TODAY)
    with django_assert_max_num_queries(10):
        Recommendation.objects.update(rag="green")
        Inspection.objects.update(rag="green")
        refresh_rollups([r.pk for r in recommendations], today=TODAY)


def test_deferred_rollups_are_refreshed_once_when_the_block_ends():
    recommendation = RecommendationFactory()
    make_action(recommendation, rag="red", due_in_days=-1, today=TODAY)

    with rollups_deferred(today=TODAY):
        refresh_rollups([recommendation.pk], today=TODAY)
        refresh_rollups([recommendation.pk], today=TODAY)
        recommendation.refresh_from_db()
        assert recommendation.rag == "unplanned"  # not yet: at the end of the block

    recommendation.refresh_from_db()
    assert recommendation.rag == "red"
    assert DomainEvent.objects.filter(type="recommendation.rag_changed").count() == 1


def test_deferred_rollups_are_dropped_when_the_block_fails():
    recommendation = RecommendationFactory()
    make_action(recommendation, rag="red", due_in_days=-1, today=TODAY)

    with pytest.raises(RuntimeError), rollups_deferred(today=TODAY):
        refresh_rollups([recommendation.pk], today=TODAY)
        raise RuntimeError("the batch failed")

    recommendation.refresh_from_db()
    assert recommendation.rag == "unplanned"
