"""Shared fixtures: two services with a person in each role, so isolation is always tested."""

import pytest

from inspections.choices import ServiceRole
from tests.factories import BoardFactory, ServiceFactory, board_member, member


@pytest.fixture
def service(db):
    return ServiceFactory(name="Medway Youth Justice Service")


@pytest.fixture
def other_service(db):
    return ServiceFactory(name="Blackpool Youth Justice Service")


@pytest.fixture
def board(service):
    return BoardFactory(service=service)


@pytest.fixture
def plan_owner(service):
    return member(service, ServiceRole.PLAN_OWNER, username="owner")


@pytest.fixture
def manager(service):
    return member(service, ServiceRole.SERVICE_MANAGER, username="manager")


@pytest.fixture
def board_user(board):
    return board_member(board, username="boardmember")


@pytest.fixture
def other_owner(other_service):
    return member(other_service, ServiceRole.PLAN_OWNER, username="other_owner")
