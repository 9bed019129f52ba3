"""Inspection-side constraints and visibility."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from inspections.models import Framework, Inspection, Recommendation, StandardRating
from tenancy.models import BoardMember, YouthJusticeService
from tests.factories import BoardFactory, InspectionFactory, RecommendationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_fieldwork_cannot_end_before_it_starts():
    inspection = InspectionFactory.build(
        service=InspectionFactory().service,
        fieldwork_start_on=date(2020, 2, 28),
        fieldwork_end_on=date(2020, 2, 24),
    )
    with pytest.raises(ValidationError, match="cannot end before it starts"):
        inspection.full_clean()


def test_a_rating_off_the_frameworks_scale_is_refused():
    inspection = InspectionFactory()
    standard = inspection.framework.domains.get(code="1").standards.get(code="1.1")
    rating = StandardRating(inspection=inspection, standard=standard, rating="satisfactory")
    with pytest.raises(ValidationError) as error:
        rating.full_clean()
    assert "rating" in error.value.message_dict


def test_a_standard_of_another_framework_is_refused():
    inspection = InspectionFactory()
    other = Framework.objects.get(code="2021").domains.get(code="4").standards.get()
    rating = StandardRating(inspection=inspection, standard=other, rating="good")
    with pytest.raises(ValidationError) as error:
        rating.full_clean()
    assert "not part of the inspection's framework" in " ".join(error.value.messages)


def test_recommendation_numbers_are_unique_per_inspection():
    first = RecommendationFactory(number=1)
    duplicate = Recommendation(inspection=first.inspection, number=1, text="Again")
    with pytest.raises(ValidationError, match="already has a recommendation with this number"):
        duplicate.full_clean()


def test_a_recommendation_to_a_partner_agency_names_it():
    recommendation = Recommendation(
        inspection=InspectionFactory(), number=1, text="x", addressee="partner_agency"
    )
    with pytest.raises(ValidationError, match="Name the partner agency"):
        recommendation.full_clean()


def test_a_board_has_one_chair():
    board = BoardFactory()
    BoardMember.objects.create(board=board, user=UserFactory(), role="chair")
    second = BoardMember(board=board, user=UserFactory(), role="chair")
    with pytest.raises(ValidationError, match="already has a chair"):
        second.full_clean()


def test_users_see_only_the_services_they_hold_a_role_in(service, other_service, plan_owner):
    InspectionFactory(service=service)
    InspectionFactory(service=other_service)
    assert list(YouthJusticeService.objects.visible_to(plan_owner)) == [service]
    assert {i.service for i in Inspection.objects.visible_to(plan_owner)} == {service}
    assert YouthJusticeService.objects.visible_to(UserFactory()).count() == 0


def test_superusers_see_every_service(service, other_service):
    admin = UserFactory(is_superuser=True)
    assert YouthJusticeService.objects.visible_to(admin).count() == 2


@pytest.mark.parametrize(
    ("days", "valid"),
    [
        ([14, 3, 0], True),
        ([], True),
        ([30], True),
        ([3, 3], False),
        ([-1], False),
        ([400], False),
        (["14"], False),
        ([True], False),
        ({"days": 3}, False),
    ],
)
def test_reminder_days_are_a_list_of_distinct_whole_days(service, days, valid):
    service.reminder_days_before = days
    if valid:
        service.full_clean()
    else:
        with pytest.raises(ValidationError) as error:
            service.full_clean()
        assert "reminder_days_before" in error.value.message_dict
