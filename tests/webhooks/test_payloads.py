"""The payload is JSON-safe, survives a round trip, and is the exact bytes that are signed."""

import json

import pytest

from events.catalogue import EventType
from tests.webhooks.conftest import make_event
from webhooks.payloads import encode, event_payload

pytestmark = pytest.mark.django_db


def test_the_payload_survives_a_json_round_trip(service, manager):
    event = make_event(service, EventType.ACTION_DEADLINE_REVISED, actor=manager, old="2026-01-31")
    payload = event_payload(event)
    assert json.loads(encode(payload)) == payload
    assert payload["data"] == {"old": "2026-01-31"}


def test_a_system_event_has_no_actor(service):
    assert event_payload(make_event(service, EventType.ACTION_BECAME_OVERDUE))["actor"] is None


def test_the_encoding_is_compact_sorted_utf8():
    assert encode({"b": "Ynys Môn", "a": 1}) == '{"a":1,"b":"Ynys Môn"}'.encode()
