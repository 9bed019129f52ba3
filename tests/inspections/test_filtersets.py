"""InspectionFilterSet and RecommendationFilterSet as tables: query parameters -> rows.

One dataset (``plan``); every case runs against the FilterSet directly. The last tests show the
API (DRF) and the admin (core/admin_filters.py) give the FilterSet's rows.
"""

from datetime import date
from types import SimpleNamespace

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from actions.admin.inspection import InspectionAdmin
from actions.admin.recommendation import RecommendationAdmin
from actions.api.plans import InspectionViewSet, RecommendationViewSet
from core.admin_filters import FilterSetListFilter
from inspections.filtersets import InspectionFilterSet, RecommendationFilterSet
from inspections.models import Framework, Standard
from tests.factories import AgencyFactory, InspectionFactory, RecommendationFactory, UserFactory
from tests.support import Ref, bind_filterset, filtered, names_of, resolve

pytestmark = pytest.mark.django_db


def standard(framework, code):
    return Standard.objects.get(domain__framework=framework, code=code)


@pytest.fixture
def plan(service, other_service):
    """Medway's single and thematic inspections with recommendations, and Blackpool's."""
    single = InspectionFactory(
        service=service,
        title="Medway 2020",
        kind="single",
        rag="red",
        fieldwork_end_on=date(2020, 2, 28),
        published_on=date(2020, 6, 12),
    )
    thematic = InspectionFactory(
        service=service,
        title="Education, training and employment thematic",
        kind="thematic",
        framework=Framework.objects.get(code="2021"),
        rag="green",
        fieldwork_start_on=date(2021, 9, 6),
        fieldwork_end_on=date(2021, 9, 10),
        published_on=date(2022, 1, 20),
    )
    foreign = InspectionFactory(service=other_service, title="Blackpool 2021", rag="red")
    governance = RecommendationFactory(
        inspection=single,
        number=1,
        text="Strengthen the board's oversight of performance",
        addressee="management_board",
        rag="amber",
    )
    governance.standards.set([standard(single.framework, "1.1")])
    assessment = RecommendationFactory(
        inspection=single,
        number=2,
        text="Improve the quality of assessments",
        addressee="partner_agency",
        addressee_agency=AgencyFactory(service=service),
        rag="red",
    )
    assessment.standards.set([standard(single.framework, "2.1")])
    return SimpleNamespace(
        service=service,
        foreign_service=other_service,
        single=single,
        thematic=thematic,
        foreign=foreign,
        governance=governance,
        assessment=assessment,
        thematic_recommendation=RecommendationFactory(
            inspection=thematic, number=1, text="Track hours in school", rag="unplanned"
        ),
        foreign_recommendation=RecommendationFactory(inspection=foreign, number=1),
    )


# (query parameters, the inspections they give to Medway's plan owner).
INSPECTION_CASES = [
    ({}, ("single", "thematic")),
    ({"service": Ref("service")}, ("single", "thematic")),
    ({"framework": "2021"}, ("thematic",)),
    ({"framework": "2018", "kind": "single"}, ("single",)),
    ({"kind": "thematic"}, ("thematic",)),
    ({"kind": "single,thematic"}, ("single", "thematic")),
    ({"rag": "red"}, ("single",)),
    ({"rag": "green,red"}, ("single", "thematic")),
    ({"published_after": "2021-01-01"}, ("thematic",)),
    ({"published_before": "2020-06-12"}, ("single",)),
    ({"q": "training"}, ("thematic",)),
    ({"q": "blackpool"}, ()),
]

# (query parameters, the inspections they give to a superuser, who sees every service).
SUPERUSER_INSPECTION_CASES = [
    ({}, ("single", "thematic", "foreign")),
    ({"framework": "2018", "kind": "single"}, ("single", "foreign")),
    ({"kind": "thematic"}, ("thematic",)),
    ({"rag": "red"}, ("single", "foreign")),
    ({"q": "Blackpool"}, ("foreign",)),
]

# (query parameters, the filter refusing them).
INVALID_INSPECTION_CASES = [
    ({"service": Ref("foreign_service")}, "service"),
    ({"framework": "nope"}, "framework"),
    ({"kind": "unannounced"}, "kind"),
    ({"rag": "purple"}, "rag"),
    ({"published_after": "soon"}, "published_after"),
]

# (query parameters, the recommendations they give to Medway's plan owner).
RECOMMENDATION_CASES = [
    ({}, ("governance", "assessment", "thematic_recommendation")),
    ({"service": Ref("service")}, ("governance", "assessment", "thematic_recommendation")),
    ({"inspection": Ref("single")}, ("governance", "assessment")),
    ({"inspection": Ref("thematic")}, ("thematic_recommendation",)),
    ({"addressee": "partner_agency"}, ("assessment",)),
    ({"addressee": "management_board", "q": "oversight"}, ("governance",)),
    ({"addressee": "service_manager", "q": "oversight"}, ()),
    ({"rag": "red"}, ("assessment",)),
    ({"rag": "unplanned,red"}, ("thematic_recommendation", "assessment")),
    ({"standard": "1.1"}, ("governance",)),
    ({"standard": "3.1"}, ()),
    ({"framework": "2018", "standard": "1.1"}, ("governance",)),
    ({"framework": "2021", "standard": "1.1"}, ()),
    ({"domain": "2"}, ("assessment",)),
    ({"standard": "2.1", "domain": "2"}, ("assessment",)),
    ({"q": "oversight"}, ("governance",)),
]

INVALID_RECOMMENDATION_CASES = [
    ({"inspection": Ref("foreign")}, "inspection"),
    ({"service": Ref("foreign_service")}, "service"),
    ({"addressee": "everyone"}, "addressee"),
]


def assert_gives(filterset_class, params, user, plan, expected):
    rows = filtered(filterset_class, resolve(params, plan), user)
    assert sorted(names_of(plan, rows)) == sorted(expected)


@pytest.mark.parametrize(("params", "expected"), INSPECTION_CASES)
def test_inspection_filterset(plan, plan_owner, params, expected):
    assert_gives(InspectionFilterSet, params, plan_owner, plan, expected)


@pytest.mark.parametrize(("params", "expected"), SUPERUSER_INSPECTION_CASES)
def test_inspection_filterset_for_a_superuser(plan, params, expected):
    superuser = UserFactory(username="admin", is_superuser=True)
    assert_gives(InspectionFilterSet, params, superuser, plan, expected)


@pytest.mark.parametrize(("params", "field"), INVALID_INSPECTION_CASES)
def test_inspection_filterset_refuses(plan, plan_owner, params, field):
    filterset = bind_filterset(InspectionFilterSet, resolve(params, plan), plan_owner)
    assert not filterset.is_valid()
    assert field in filterset.errors


@pytest.mark.parametrize(("params", "expected"), RECOMMENDATION_CASES)
def test_recommendation_filterset(plan, plan_owner, params, expected):
    assert_gives(RecommendationFilterSet, params, plan_owner, plan, expected)


@pytest.mark.parametrize(("params", "field"), INVALID_RECOMMENDATION_CASES)
def test_recommendation_filterset_refuses(plan, plan_owner, params, field):
    filterset = bind_filterset(RecommendationFilterSet, resolve(params, plan), plan_owner)
    assert not filterset.is_valid()
    assert field in filterset.errors


# The API and the admin use these FilterSets: a few cases of the tables through each path.

THROUGH_BOTH_PATHS = [
    ("inspection", {"kind": "thematic"}, ("thematic",)),
    ("inspection", {"rag": "red"}, ("single",)),
    ("recommendation", {"addressee": "partner_agency"}, ("assessment",)),
    ("recommendation", {"rag": "unplanned,red"}, ("thematic_recommendation", "assessment")),
]


def test_the_api_and_the_admin_are_built_on_these_filtersets():
    assert InspectionViewSet.filterset_class is InspectionFilterSet
    assert RecommendationViewSet.filterset_class is RecommendationFilterSet
    for model_admin, filterset_class in (
        (InspectionAdmin, InspectionFilterSet),
        (RecommendationAdmin, RecommendationFilterSet),
    ):
        sidebar = [f for f in model_admin.list_filter if issubclass(f, FilterSetListFilter)]
        assert {f.filterset_class for f in sidebar} == {filterset_class}


@pytest.mark.parametrize(("model", "params", "expected"), THROUGH_BOTH_PATHS)
def test_the_api_list_gives_the_filtersets_rows(plan, plan_owner, model, params, expected):
    client = APIClient()
    client.force_authenticate(plan_owner)
    response = client.get(f"/api/v1/{model}s/", params)
    assert response.status_code == 200, response.json()
    ids = [row["id"] for row in response.json()["results"]]
    assert sorted(ids) == sorted(getattr(plan, name).pk for name in expected)


def test_the_api_answers_a_value_the_filterset_refuses_with_a_400(plan, plan_owner):
    client = APIClient()
    client.force_authenticate(plan_owner)
    response = client.get("/api/v1/recommendations/", {"inspection": plan.foreign.pk})
    assert response.status_code == 400
    assert "inspection" in response.json()


@pytest.mark.parametrize(("model", "params", "expected"), THROUGH_BOTH_PATHS)
def test_the_admin_changelist_gives_the_filtersets_rows(
    plan, manager, client, model, params, expected
):
    client.force_login(manager)
    response = client.get(reverse(f"admin:inspections_{model}_changelist"), params)
    assert response.status_code == 200
    assert sorted(names_of(plan, response.context["cl"].result_list)) == sorted(expected)
