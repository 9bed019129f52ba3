"""Fixtures for the event machinery: actions at a distance from their deadline, and tasks inline."""

import pytest

from core.clock import today as today_in_london
from tenancy.choices import ServiceRole
from tests import factories
from tests.factories import member


@pytest.fixture
def today():
    return today_in_london()


@pytest.fixture
def make_action(service, plan_owner, today):
    """An action of ``service`` owned by ``plan_owner``, due ``days_left`` days from today."""

    def make(days_left: int = 90, **fields):
        fields.setdefault("owner", plan_owner)
        return factories.make_action(
            recommendation__inspection__service=service,
            due_in_days=days_left,
            today=today,
            **fields,
        )

    return make


@pytest.fixture
def second_manager(service):
    return member(service, ServiceRole.SERVICE_MANAGER, username="manager2")
