"""ActionFilterSet and ProgressUpdateFilterSet: one test per filter, as the API and admin use them."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.test import RequestFactory
from django.utils import timezone

from actions.choices import ActionStatus
from actions.filtersets import ActionFilterSet, ProgressUpdateFilterSet
from actions.models import Action
from inspections.models import Standard
from tests.factories import (
    ActionFactory,
    AgencyFactory,
    InspectionFactory,
    ProgressUpdateFactory,
    RecommendationFactory,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def run(filterset_class, data, user):
    """The FilterSet bound as a request from ``user`` would bind it."""
    request = RequestFactory().get("/")
    request.user = user
    model = filterset_class._meta.model
    return filterset_class(data=data, queryset=model.objects.visible_to(user), request=request)


def matches(data, user, filterset_class=ActionFilterSet):
    filterset = run(filterset_class, data, user)
    assert filterset.is_valid(), filterset.errors
    return set(filterset.qs)


@pytest.fixture
def plan(service, other_service, plan_owner, manager, other_owner):
    """Two recommendations of one inspection with actions in each state, and a foreign action."""
    inspection = InspectionFactory(service=service)
    framework = inspection.framework
    first = RecommendationFactory(inspection=inspection, number=1, text="Governance")
    first.standards.set([Standard.objects.get(domain__framework=framework, code="1.1")])
    second = RecommendationFactory(inspection=inspection, number=2, text="Assessment")
    second.standards.set([Standard.objects.get(domain__framework=framework, code="2.1")])
    police = AgencyFactory(service=service, name="Kent Police")
    foreign_inspection = InspectionFactory(service=other_service)
    return SimpleNamespace(
        inspection=inspection,
        first=first,
        second=second,
        police=police,
        overdue=ActionFactory(
            recommendation=first,
            owner=plan_owner,
            rag="red",
            due_on=TODAY - timedelta(days=1),
            title="Refresh the board's terms of reference",
        ),
        due_soon=ActionFactory(
            recommendation=first,
            owner=manager,
            lead_agency=police,
            rag="amber",
            status=ActionStatus.IN_PROGRESS,
            due_on=TODAY + timedelta(days=10),
        ),
        done=ActionFactory(
            recommendation=first,
            owner=plan_owner,
            rag="blue",
            status=ActionStatus.COMPLETE,
            completed_on=TODAY,
            due_on=TODAY - timedelta(days=5),
        ),
        later=ActionFactory(
            recommendation=second,
            owner=plan_owner,
            rag="green",
            due_on=TODAY + timedelta(days=60),
            description="Introduce AssetPlus quality assurance",
        ),
        foreign=ActionFactory(
            recommendation=RecommendationFactory(inspection=foreign_inspection),
            owner=other_owner,
            due_on=TODAY - timedelta(days=1),
        ),
    )


def test_without_filters_a_user_gets_only_their_services_actions(plan, manager):
    assert matches({}, manager) == {plan.overdue, plan.due_soon, plan.done, plan.later}


def test_service_filter(plan, manager, service):
    assert matches({"service": service.pk}, manager) == {
        plan.overdue,
        plan.due_soon,
        plan.done,
        plan.later,
    }


def test_service_filter_refuses_another_service(plan, manager, other_service):
    assert not run(ActionFilterSet, {"service": other_service.pk}, manager).is_valid()


def test_inspection_filter(plan, manager):
    other = ActionFactory(
        recommendation=RecommendationFactory(
            inspection=InspectionFactory(service=plan.inspection.service)
        )
    )
    assert other not in matches({"inspection": plan.inspection.pk}, manager)
    assert plan.later in matches({"inspection": plan.inspection.pk}, manager)


def test_inspection_filter_refuses_another_services_inspection(plan, manager):
    inspection_id = plan.foreign.recommendation.inspection_id
    assert not run(ActionFilterSet, {"inspection": inspection_id}, manager).is_valid()


def test_recommendation_filter(plan, manager):
    assert matches({"recommendation": plan.second.pk}, manager) == {plan.later}


def test_owner_filter(plan, manager):
    assert matches({"owner": manager.pk}, manager) == {plan.due_soon}


def test_owner_filter_refuses_people_of_another_service(plan, manager, other_owner):
    assert not run(ActionFilterSet, {"owner": other_owner.pk}, manager).is_valid()


def test_mine_filter_keeps_the_requesting_users_actions(plan, plan_owner):
    assert matches({"mine": "true"}, plan_owner) == {plan.overdue, plan.done, plan.later}
    assert plan.due_soon in matches({"mine": "false"}, plan_owner)


def test_lead_agency_filter(plan, manager):
    assert matches({"lead_agency": plan.police.pk}, manager) == {plan.due_soon}


def test_status_filter_takes_several_values_comma_separated_or_repeated(plan, manager):
    assert matches({"status": "complete"}, manager) == {plan.done}
    expected = {plan.done, plan.due_soon}
    assert matches({"status": "complete,in_progress"}, manager) == expected
    assert matches({"status": ["complete", "in_progress"]}, manager) == expected


def test_rag_filter(plan, manager):
    assert matches({"rag": "red,amber"}, manager) == {plan.overdue, plan.due_soon}
    assert matches({"rag": "blue"}, manager) == {plan.done}


def test_rag_filter_refuses_unknown_values(plan, manager):
    assert not run(ActionFilterSet, {"rag": "purple"}, manager).is_valid()


def test_overdue_filter_uses_the_open_actions_past_their_deadline(plan, manager):
    assert matches({"overdue": "true"}, manager) == {plan.overdue}
    assert matches({"overdue": "false"}, manager) == {plan.due_soon, plan.done, plan.later}


def test_due_within_days_is_inclusive_and_excludes_overdue_and_complete(plan, manager):
    assert matches({"due_within_days": "10"}, manager) == {plan.due_soon}
    assert matches({"due_within_days": "9"}, manager) == set()
    assert matches({"due_within_days": "60"}, manager) == {plan.due_soon, plan.later}


def test_due_before_and_due_after_filters(plan, manager):
    assert matches({"due_before": TODAY.isoformat()}, manager) == {plan.overdue, plan.done}
    assert matches({"due_after": TODAY.isoformat()}, manager) == {plan.due_soon, plan.later}


def test_standard_filter(plan, manager):
    assert matches({"standard": "2.1"}, manager) == {plan.later}


def test_framework_filter_pins_standard_codes_to_one_framework(plan, manager):
    assert matches({"framework": "2018", "standard": "2.1"}, manager) == {plan.later}
    assert matches({"framework": "2021", "standard": "2.1"}, manager) == set()


def test_domain_filter(plan, manager):
    assert matches({"domain": "1"}, manager) == {plan.overdue, plan.due_soon, plan.done}


def test_text_search_reads_title_description_and_recommendation(plan, manager):
    assert matches({"q": "terms of reference"}, manager) == {plan.overdue}
    assert matches({"q": "assetplus"}, manager) == {plan.later}
    assert plan.due_soon in matches({"q": "governance"}, manager)


def test_ordering_by_rag_follows_severity_not_the_alphabet(plan, manager):
    filterset = run(ActionFilterSet, {"ordering": "rag"}, manager)
    assert [a.rag for a in filterset.qs] == ["green", "amber", "red", "blue"]
    filterset = run(ActionFilterSet, {"ordering": "-rag"}, manager)
    assert [a.rag for a in filterset.qs] == ["blue", "red", "amber", "green"]


def test_ordering_by_deadline(plan, manager):
    filterset = run(ActionFilterSet, {"ordering": "due_on"}, manager)
    assert [a.pk for a in filterset.qs] == [
        a.pk for a in Action.objects.visible_to(manager).order_by("due_on")
    ]


# Progress updates


@pytest.fixture
def updates(plan, plan_owner, manager):
    return SimpleNamespace(
        red=ProgressUpdateFactory(action=plan.overdue, author=plan_owner, assessed_rag="red"),
        green=ProgressUpdateFactory(
            action=plan.later,
            author=manager,
            assessed_rag="green",
            recorded_at=timezone.now() - timedelta(days=10),
        ),
        foreign=ProgressUpdateFactory(action=plan.foreign),
    )


def progress_matches(data, user):
    return matches(data, user, ProgressUpdateFilterSet)


def test_progress_updates_of_another_service_are_never_listed(updates, manager):
    assert progress_matches({}, manager) == {updates.red, updates.green}


def test_progress_service_filter(updates, manager, service):
    assert progress_matches({"service": service.pk}, manager) == {updates.red, updates.green}


def test_progress_action_filter(updates, plan, manager):
    assert progress_matches({"action": plan.later.pk}, manager) == {updates.green}


def test_progress_author_filter(updates, manager):
    assert progress_matches({"author": manager.pk}, manager) == {updates.green}


def test_progress_assessed_rag_filter(updates, manager):
    assert progress_matches({"assessed_rag": "red"}, manager) == {updates.red}


def test_progress_recorded_after_and_before_filters(updates, manager):
    cut = (timezone.now() - timedelta(days=5)).isoformat()
    assert progress_matches({"recorded_after": cut}, manager) == {updates.red}
    assert progress_matches({"recorded_before": cut}, manager) == {updates.green}
