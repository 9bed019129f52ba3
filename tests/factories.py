"""factory_boy factories. They build rows directly; tests of behaviour go through operations."""

from datetime import date, timedelta

import factory
from django.contrib.auth import get_user_model

from actions.choices import ActionStatus
from actions.models import Action, ProgressUpdate
from actions.operations.actions import save_action
from core import clock
from inspections.choices import InspectionKind
from inspections.models import Framework, Inspection, Recommendation
from tenancy.choices import AgencyKind, ServiceRole
from tenancy.models import Board, BoardMember, PartnerAgency, ServiceMembership, YouthJusticeService

# Medway 2020 (seed 004): 7 Good, 4 Requires improvement, 1 Inadequate = 18, Requires improvement.
MEDWAY_RATINGS = {
    "1.1": "good",
    "1.2": "good",
    "1.3": "requires_improvement",
    "1.4": "good",
    "2.1": "good",
    "2.2": "requires_improvement",
    "2.3": "good",
    "2.4": "requires_improvement",
    "3.1": "good",
    "3.2": "good",
    "3.3": "requires_improvement",
    "3.4": "inadequate",
}


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("correct-horse-battery")
    is_staff = True


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = YouthJusticeService
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Service {n} Youth Justice Service")


class BoardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Board

    service = factory.SubFactory(ServiceFactory)


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnerAgency

    service = factory.SubFactory(ServiceFactory)
    name = factory.Sequence(lambda n: f"Agency {n}")
    kind = AgencyKind.POLICE


def member(service, role: str = ServiceRole.PLAN_OWNER, **user_fields):
    """A user holding ``role`` in ``service``."""
    user = UserFactory(**user_fields)
    ServiceMembership.objects.update_or_create(user=user, service=service, defaults={"role": role})
    return user


def manager_of(service):
    """The manager of ``service`` (only managers add actions), one per service."""
    return member(service, ServiceRole.SERVICE_MANAGER, username=f"manager-{service.pk}")


def board_member(board, role="member", **user_fields):
    user = member(board.service, ServiceRole.BOARD_MEMBER, **user_fields)
    BoardMember.objects.create(board=board, user=user, role=role)
    return user


class InspectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Inspection

    service = factory.SubFactory(ServiceFactory)
    framework = factory.LazyFunction(lambda: Framework.objects.get(code="2018"))
    kind = InspectionKind.SINGLE
    fieldwork_start_on = date(2020, 2, 24)
    fieldwork_end_on = date(2020, 2, 28)


class RecommendationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recommendation

    inspection = factory.SubFactory(InspectionFactory)
    number = factory.Sequence(lambda n: n + 1)
    text = factory.Faker("sentence")


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    recommendation = factory.SubFactory(RecommendationFactory)
    reference = factory.Sequence(lambda n: f"{n + 1}a")
    title = factory.Faker("sentence", nb_words=5)
    owner = factory.SubFactory(UserFactory)
    # The clock's day (frozen by the ``today`` fixture where a test depends on it).
    due_on = factory.LazyFunction(lambda: clock.today() + timedelta(days=90))
    original_due_on = factory.SelfAttribute("due_on")


class ProgressUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressUpdate

    action = factory.SubFactory(ActionFactory)
    author = factory.SelfAttribute("action.owner")
    narrative = factory.Faker("paragraph")
    assessed_rag = "green"


def make_action(
    recommendation=None, *, due_in_days: int = 90, today: date | None = None, actor=None, **fields
) -> Action:
    """An action due ``due_in_days`` after ``today`` (the clock's day unless given), as first planned.

    With ``actor`` it is written through ``save_action`` as that person would write it (events
    recorded, RAG computed, ``reference`` required); without, it is a factory row of ``fields``.
    A complete action was completed ``today`` unless ``completed_on`` says otherwise.
    """
    today = today or clock.today()
    due_on = today + timedelta(days=due_in_days)
    if recommendation is not None:
        fields["recommendation"] = recommendation
    if fields.get("status") == ActionStatus.COMPLETE:
        fields.setdefault("completed_on", today)
        fields.setdefault("closing_statement", "Done, and the board has seen the evidence.")
    if actor is None:
        return ActionFactory(due_on=due_on, original_due_on=due_on, **fields)
    fields.setdefault("title", f"Action {fields['reference']}")
    return save_action(action=Action(due_on=due_on, **fields), actor=actor, today=today)
