import json

import pytest

from actions import operations
from notifications.models import DomainEvent
from notifications.payloads import action_facts, event_payload

pytestmark = pytest.mark.django_db


def test_action_facts_are_json_safe_and_link_to_the_admin(make_action):
    action = make_action(days_left=10)
    facts = action_facts(action)
    assert json.loads(json.dumps(facts)) == facts
    assert facts["due_on"] == action.due_on.isoformat()
    assert facts["service_name"] == "Medway Youth Justice Service"
    assert facts["action_url"] == f"http://testserver/admin/actions/action/{action.pk}/change/"


def test_an_event_payload_says_what_happened_to_what_by_whom_and_when(make_action, manager):
    action = make_action()
    action.title = "Renamed"
    operations.save_action(action=action, actor=manager)
    event = DomainEvent.objects.get(type="action.changed")
    payload = event_payload(event)
    assert json.loads(json.dumps(payload)) == payload
    assert payload["subject"] == {"type": "action", "id": action.pk}
    assert payload["actor_id"] == manager.pk
    assert payload["data"]["changes"]["title"]["new"] == "Renamed"
