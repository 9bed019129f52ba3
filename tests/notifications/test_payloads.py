import json

import pytest

from actions.models import Action
from delivery.models import Delivery
from notifications import scan
from notifications.payloads import action_facts

RELATIONS = ("owner", "recommendation__inspection__service")

pytestmark = pytest.mark.django_db


def test_action_facts_are_json_safe_and_link_to_the_admin(make_action):
    action = make_action(days_left=10)
    facts = action_facts(action)
    assert json.loads(json.dumps(facts)) == facts
    assert facts["due_on"] == action.due_on.isoformat()
    assert facts["service_name"] == "Medway Youth Justice Service"
    assert facts["action_url"] == f"http://testserver/actions/{action.pk}/"


def test_the_scan_writes_the_facts_action_facts_gives(make_action, today):
    # The scan reads rows, not model instances: its emails must still say what
    # ``action_facts`` says about the action.
    action = make_action(days_left=3, reference="2b")
    scan.scan_deadlines(today=today)
    row = Delivery.objects.get(subject_id=action.pk, kind="reminder")
    expected = action_facts(Action.objects.select_related(*RELATIONS).get(pk=action.pk))
    assert row.context == {**expected, "days": 3, "today_on": today.isoformat()}
