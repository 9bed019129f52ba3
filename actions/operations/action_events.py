"""The one way an action's writes record a domain event: about the action, in its service."""

from events.outbox import new_event, record_event


def record_action_event(event_type, action, actor, **data):
    """Record ``event_type`` about ``action`` (by ``actor``), its facts given as keywords."""
    return record_event(event_type, subject=action, actor=actor, service=action.service, data=data)


def action_event(event_type, action, actor, **data):
    """The unsaved event ``record_action_event`` would record, for a batch of writes to record
    with ``events.outbox.record_events``."""
    return new_event(event_type, subject=action, actor=actor, service=action.service, data=data)
