"""An action in each of two services, written through the operations, and a link to update the
first sent by its manager to a police contact, frozen on ``TODAY``."""

from datetime import timedelta

import pytest
from django.utils import timezone

from actions.models import Action
from partner_links.operations import link_path, send_update_link
from tests.factories import InspectionFactory, RecommendationFactory, make_action, manager_of


def action_in(service, owner, reference, title, due_in_days=60):
    recommendation = RecommendationFactory(
        inspection=InspectionFactory(service=service), text=f"Recommendation of {service.name}."
    )
    return make_action(
        recommendation,
        actor=manager_of(service),
        owner=owner,
        reference=reference,
        title=title,
        due_in_days=due_in_days,
    )


@pytest.fixture
def action(today, service, manager, plan_owner) -> Action:
    return action_in(service, plan_owner, "2a", "Agree a data-sharing protocol with the police")


@pytest.fixture
def other_action(today, other_service, other_owner) -> Action:
    return action_in(other_service, other_owner, "7c", "Secret Blackpool remand review")


@pytest.fixture
def link(action, manager):
    return send_update_link(
        action=action,
        contact_name="Priya Shah",
        contact_email="priya.shah@police.example",
        sent_by=manager,
        now=timezone.now(),
    )


@pytest.fixture
def url(link) -> str:
    return link_path(link)


def days(n: int) -> timedelta:
    return timedelta(days=n)
