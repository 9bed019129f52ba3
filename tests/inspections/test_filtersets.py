"""InspectionFilterSet and RecommendationFilterSet: one test per filter."""

from datetime import date
from types import SimpleNamespace

import pytest
from django.test import RequestFactory

from inspections.filtersets import InspectionFilterSet, RecommendationFilterSet
from inspections.models import Framework, Standard
from tests.factories import AgencyFactory, InspectionFactory, RecommendationFactory

pytestmark = pytest.mark.django_db


def run(filterset_class, data, user):
    request = RequestFactory().get("/")
    request.user = user
    model = filterset_class._meta.model
    return filterset_class(data=data, queryset=model.objects.visible_to(user), request=request)


def matches(filterset_class, data, user):
    filterset = run(filterset_class, data, user)
    assert filterset.is_valid(), filterset.errors
    return set(filterset.qs)


@pytest.fixture
def inspections(service, other_service):
    return SimpleNamespace(
        single=InspectionFactory(
            service=service,
            title="Medway 2020",
            kind="single",
            rag="red",
            fieldwork_end_on=date(2020, 2, 28),
            published_on=date(2020, 6, 12),
        ),
        thematic=InspectionFactory(
            service=service,
            title="Education, training and employment thematic",
            kind="thematic",
            framework=Framework.objects.get(code="2021"),
            rag="green",
            fieldwork_start_on=date(2021, 9, 6),
            fieldwork_end_on=date(2021, 9, 10),
            published_on=date(2022, 1, 20),
        ),
        foreign=InspectionFactory(service=other_service, title="Blackpool 2021", rag="red"),
    )


def inspection_matches(data, user):
    return matches(InspectionFilterSet, data, user)


def test_inspections_of_another_service_are_never_listed(inspections, plan_owner):
    assert inspection_matches({}, plan_owner) == {inspections.single, inspections.thematic}


def test_inspection_service_filter(inspections, plan_owner, service, other_service):
    assert inspection_matches({"service": service.pk}, plan_owner) == {
        inspections.single,
        inspections.thematic,
    }
    assert not run(InspectionFilterSet, {"service": other_service.pk}, plan_owner).is_valid()


def test_inspection_framework_filter_takes_the_code(inspections, plan_owner):
    assert inspection_matches({"framework": "2021"}, plan_owner) == {inspections.thematic}


def test_inspection_kind_filter(inspections, plan_owner):
    assert inspection_matches({"kind": "thematic"}, plan_owner) == {inspections.thematic}
    assert inspection_matches({"kind": "single,thematic"}, plan_owner) == {
        inspections.single,
        inspections.thematic,
    }


def test_inspection_rag_filter(inspections, plan_owner):
    assert inspection_matches({"rag": "red"}, plan_owner) == {inspections.single}


def test_inspection_published_after_and_before_filters(inspections, plan_owner):
    assert inspection_matches({"published_after": "2021-01-01"}, plan_owner) == {
        inspections.thematic
    }
    assert inspection_matches({"published_before": "2020-06-12"}, plan_owner) == {
        inspections.single
    }


def test_inspection_text_search(inspections, plan_owner):
    assert inspection_matches({"q": "training"}, plan_owner) == {inspections.thematic}
    assert inspection_matches({"q": "blackpool"}, plan_owner) == set()


@pytest.fixture
def recommendations(inspections, service):
    framework = inspections.single.framework
    governance = RecommendationFactory(
        inspection=inspections.single,
        number=1,
        text="Strengthen the board's oversight of performance",
        addressee="management_board",
        rag="amber",
    )
    governance.standards.set([Standard.objects.get(domain__framework=framework, code="1.1")])
    assessment = RecommendationFactory(
        inspection=inspections.single,
        number=2,
        text="Improve the quality of assessments",
        addressee="partner_agency",
        addressee_agency=AgencyFactory(service=service),
        rag="red",
    )
    assessment.standards.set([Standard.objects.get(domain__framework=framework, code="2.1")])
    return SimpleNamespace(
        governance=governance,
        assessment=assessment,
        thematic=RecommendationFactory(inspection=inspections.thematic, number=1, rag="unplanned"),
        foreign=RecommendationFactory(inspection=inspections.foreign, number=1),
    )


def recommendation_matches(data, user):
    return matches(RecommendationFilterSet, data, user)


def test_recommendations_of_another_service_are_never_listed(recommendations, plan_owner):
    assert recommendations.foreign not in recommendation_matches({}, plan_owner)


def test_recommendation_service_filter(recommendations, plan_owner, service):
    assert recommendation_matches({"service": service.pk}, plan_owner) == {
        recommendations.governance,
        recommendations.assessment,
        recommendations.thematic,
    }


def test_recommendation_inspection_filter(recommendations, inspections, plan_owner):
    assert recommendation_matches({"inspection": inspections.thematic.pk}, plan_owner) == {
        recommendations.thematic
    }
    foreign = {"inspection": inspections.foreign.pk}
    assert not run(RecommendationFilterSet, foreign, plan_owner).is_valid()


def test_recommendation_addressee_filter(recommendations, plan_owner):
    assert recommendation_matches({"addressee": "partner_agency"}, plan_owner) == {
        recommendations.assessment
    }


def test_recommendation_rag_filter_includes_unplanned(recommendations, plan_owner):
    assert recommendation_matches({"rag": "unplanned,red"}, plan_owner) == {
        recommendations.thematic,
        recommendations.assessment,
    }


def test_recommendation_standard_filter(recommendations, plan_owner):
    assert recommendation_matches({"standard": "1.1"}, plan_owner) == {recommendations.governance}


def test_recommendation_framework_filter(recommendations, plan_owner):
    assert recommendation_matches({"framework": "2021", "standard": "1.1"}, plan_owner) == set()
    assert recommendation_matches({"framework": "2018", "standard": "1.1"}, plan_owner) == {
        recommendations.governance
    }


def test_recommendation_domain_filter(recommendations, plan_owner):
    assert recommendation_matches({"domain": "2"}, plan_owner) == {recommendations.assessment}


def test_recommendation_text_search(recommendations, plan_owner):
    assert recommendation_matches({"q": "oversight"}, plan_owner) == {recommendations.governance}
