import json

import pytest

from notifications.payloads import action_facts

pytestmark = pytest.mark.django_db


def test_action_facts_are_json_safe_and_link_to_the_admin(make_action):
    action = make_action(days_left=10)
    facts = action_facts(action)
    assert json.loads(json.dumps(facts)) == facts
    assert facts["due_on"] == action.due_on.isoformat()
    assert facts["service_name"] == "Medway Youth Justice Service"
    assert facts["action_url"] == f"http://testserver/actions/{action.pk}/"
