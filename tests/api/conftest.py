"""API fixtures: a plan in each of two services, written through the operations, and clients.

``service`` (Medway) has a manager, a plan owner and a board member; ``other_service``
(Blackpool) has its own plan and owner, so every test can check that it stays invisible.
"""

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from actions.models import Action
from actions.operations.recommendations import save_recommendation
from inspections.choices import InspectionKind
from inspections.models import Framework, Inspection, Recommendation, Standard
from inspections.operations import save_inspection
from tenancy.choices import ServiceRole
from tests.factories import MEDWAY_RATINGS, AgencyFactory, make_action, member


@dataclass
class Plan:
    """One service's inspection, a recommendation on 2.1 and 2.2, and an action owned by ``owner``."""

    inspection: Inspection
    recommendation: Recommendation
    action: Action
    agency: object


def make_plan(service, manager, owner, *, today: date, due_in_days=90) -> Plan:
    """A plan written through the operations (so events and RAG are real), as at ``today``."""
    inspection = save_inspection(
        inspection=Inspection(
            service=service,
            framework=Framework.objects.get(code="2018"),
            kind=InspectionKind.SINGLE,
            title=f"{service.name} 2020",
            fieldwork_start_on=today - timedelta(days=200),
            fieldwork_end_on=today - timedelta(days=196),
            published_on=today - timedelta(days=150),
        ),
        actor=manager,
        ratings=MEDWAY_RATINGS,
    )
    recommendation = save_recommendation(
        recommendation=Recommendation(inspection=inspection, number=1, text="Improve planning."),
        actor=manager,
        standards=list(
            Standard.objects.filter(domain__framework__code="2018", code__in=["2.1", "2.2"])
        ),
    )
    action = make_action(
        recommendation,
        owner=owner,
        actor=manager,
        reference="1a",
        due_in_days=due_in_days,
        today=today,
    )
    return Plan(inspection, recommendation, action, AgencyFactory(service=service))


@pytest.fixture
def other_manager(other_service):
    return member(other_service, ServiceRole.SERVICE_MANAGER, username="other_manager")


@pytest.fixture
def plan(service, manager, plan_owner, board_user, today) -> Plan:
    """Medway's plan; the clock stays frozen on ``today`` for the test that uses it."""
    return make_plan(service, manager, plan_owner, today=today)


@pytest.fixture
def other_plan(other_service, other_manager, other_owner, today) -> Plan:
    return make_plan(other_service, other_manager, other_owner, today=today)


@pytest.fixture
def client_for():
    """``client_for(user)``: an API client authenticated with the user's token."""

    def make(user) -> APIClient:
        client = APIClient()
        if user is not None:
            token, _ = Token.objects.get_or_create(user=user)
            client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    return make


@pytest.fixture
def superuser(db):
    from tests.factories import UserFactory

    return UserFactory(username="admin", is_superuser=True)
