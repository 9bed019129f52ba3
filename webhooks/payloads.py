"""The JSON a webhook receives, built from the event's stored facts when it is delivered."""

import json

from events.models import DomainEvent


def event_payload(event: DomainEvent) -> dict:
    """The event as a JSON-safe dict: what happened, where, by whom, to what, with which facts.

    ``event`` should come with ``service`` and ``actor`` selected.
    """
    return {
        "id": event.pk,
        "type": event.type,
        "occurred_at": event.occurred_at.isoformat(),
        "service": _service(event),
        "actor": {"id": event.actor.pk, "username": event.actor.get_username()}
        if event.actor
        else None,
        "subject": {"type": event.subject_type, "id": event.subject_id},
        "data": event.data,
    }


def _service(event: DomainEvent) -> dict | None:
    if event.service is None:
        return None
    return {"id": event.service.pk, "name": event.service.name}


def encode(payload: dict) -> bytes:
    """The exact bytes sent and signed: compact UTF-8 JSON with sorted keys."""
    return json.dumps(payload, separators=(",", ":"), sort_keys=True, ensure_ascii=False).encode()
