"""The demonstration data: consistent, idempotent, and scored as HMIP scored the real reports.

Loading the demo takes a few seconds, so it is loaded once for the class (``setUpTestData``) and
each test runs in a transaction rolled back after it.
"""

from django.contrib.auth import get_user_model
from django.test import TestCase

from actions.choices import RevisionStatus
from actions.models import Action, DeadlineRevision, ProgressUpdate
from demo.loader import DEMO_NOTE, DEMO_PASSWORD, load_demo_data
from events.catalogue import EventType
from events.models import DomainEvent
from inspections.choices import RAG, Rating
from inspections.models import Inspection, Recommendation
from tenancy.choices import BoardRole
from tenancy.models import (
    Board,
    BoardMeeting,
    BoardMember,
    PartnerAgency,
    ServiceMembership,
    YouthJusticeService,
)

User = get_user_model()
COUNTED = [
    YouthJusticeService,
    PartnerAgency,
    Board,
    BoardMember,
    BoardMeeting,
    ServiceMembership,
    Inspection,
    Recommendation,
    Action,
    ProgressUpdate,
    DeadlineRevision,
    DomainEvent,
    User,
]


def inspection_of(service_prefix):
    return Inspection.objects.get(service__name__startswith=service_prefix)


class TestDemoData(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.logins = load_demo_data()

    def test_loading_twice_gives_the_same_counts(self):
        before = {model.__name__: model.objects.count() for model in COUNTED}
        load_demo_data()
        after = {model.__name__: model.objects.count() for model in COUNTED}

        assert after == before
        assert before["Inspection"] == 2

    def test_medway_scores_18_and_requires_improvement_as_published(self):
        medway = inspection_of("Medway")

        assert medway.framework.code == "2018"
        assert (medway.score, medway.overall_rating) == (18, Rating.REQUIRES_IMPROVEMENT)
        assert medway.published_mismatches() == []
        ratings = list(medway.ratings_by_code().values())
        assert [ratings.count(r) for r in ("good", "requires_improvement", "inadequate")] == [
            7,
            4,
            1,
        ]

    def test_medway_inspection_has_the_reported_dates(self):
        medway = inspection_of("Medway")

        assert (medway.fieldwork_start_on.isoformat(), medway.fieldwork_end_on.isoformat()) == (
            "2020-02-24",
            "2020-02-28",
        )
        assert medway.published_on.isoformat() == "2020-06-04"

    def test_blackpool_is_good_with_three_outstanding_and_six_recommendations(self):
        blackpool = inspection_of("Blackpool")

        assert blackpool.framework.code == "2021"
        assert blackpool.overall_rating == Rating.GOOD
        assert list(blackpool.ratings_by_code().values()).count(Rating.OUTSTANDING) == 3
        assert blackpool.recommendations.count() == 6
        assert blackpool.recommendations.get(number=2).text == (
            "Provide thorough and effective initial assessment of children's health and educational "
            "needs, including communication skills and dyslexia."
        )

    def test_demo_data_is_marked_as_demonstration(self):
        for service in YouthJusticeService.objects.all():
            assert service.name.endswith("(demo)")
        for inspection in Inspection.objects.all():
            assert DEMO_NOTE in inspection.title

    def test_plan_shows_every_rag_with_one_action_awaiting_sign_off(self):
        blackpool = Action.objects.filter(recommendation__inspection=inspection_of("Blackpool"))

        assert set(blackpool.values_list("rag", flat=True)) == {
            RAG.RED,
            RAG.AMBER,
            RAG.GREEN,
            RAG.BLUE,
        }
        assert blackpool.awaiting_sign_off().count() == 1
        assert inspection_of("Blackpool").rag == RAG.RED

    def test_one_deadline_was_revised_with_its_reason_and_original_kept(self):
        revision = DeadlineRevision.objects.get()
        action = revision.action

        assert revision.status == RevisionStatus.APPROVED
        assert revision.decided_by.username == "claire.hartley"
        assert action.original_due_on == revision.previous_due_on != action.due_on
        assert DomainEvent.objects.filter(type=EventType.ACTION_DEADLINE_REVISED).count() == 1

    def test_progress_and_sign_offs_went_through_the_operations_and_recorded_events(self):
        progress_events = DomainEvent.objects.filter(type=EventType.PROGRESS_RECORDED)
        sign_off_events = DomainEvent.objects.filter(type=EventType.ACTION_SIGNED_OFF)

        assert progress_events.count() == ProgressUpdate.objects.count() > 0
        assert sign_off_events.count() == Action.objects.filter(signed_off_at__isnull=False).count()

    def test_each_board_has_a_chair_and_partner_members(self):
        for board in Board.objects.all():
            chair = board.members.get(role=BoardRole.CHAIR)
            assert "Director of Children's Services" in chair.job_title
            kinds = set(board.members.values_list("agency__kind", flat=True))
            assert {"police", "probation", "health", "education", "opcc"} <= kinds

    def test_demo_people_hold_their_role_and_example_addresses(self):
        for membership in ServiceMembership.objects.select_related("user", "service"):
            user = membership.user
            assert user.is_staff and user.email.endswith("@example.org")
            assert user.has_perm("inspections.view_inspection", membership.service)
            assert user.check_password(DEMO_PASSWORD)

    def test_logins_cover_every_role_in_each_service(self):
        roles = {(login.service, login.role) for login in self.logins}

        assert len(roles) == len(self.logins) == 6
