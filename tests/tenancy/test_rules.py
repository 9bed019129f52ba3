"""The permission rules: which service an object belongs to, and a rule asked about it."""

import pytest

from inspections.models import Framework
from tenancy.choices import ServiceRole
from tenancy.rules import service_id_of
from tests.factories import ActionFactory, member

pytestmark = pytest.mark.django_db


def test_an_object_belongs_to_the_service_its_service_path_reaches(service):
    action = ActionFactory(recommendation__inspection__service=service)
    assert service_id_of(action) == service.pk
    assert service_id_of(action.recommendation) == service.pk
    assert service_id_of(service) == service.pk


def test_a_framework_belongs_to_no_service_whatever_its_id():
    assert service_id_of(Framework.objects.get(code="2018")) is None


def test_a_rule_about_an_object_asks_about_its_own_service(service, other_service):
    manager = member(service, ServiceRole.SERVICE_MANAGER, username="m")
    mine = ActionFactory(recommendation__inspection__service=service)
    theirs = ActionFactory(recommendation__inspection__service=other_service)
    assert manager.has_perm("actions.change_action", mine)
    assert not manager.has_perm("actions.change_action", theirs)
    assert manager.has_perm("inspections.view_framework", Framework.objects.get(code="2018"))


def test_an_inactive_person_holds_no_rule(service):
    manager = member(service, ServiceRole.SERVICE_MANAGER, username="m", is_active=False)
    assert not manager.has_perm("actions.add_action", service)
