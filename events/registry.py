"""The handler registry: one mapping from event type to the functions that act on it.

A handler takes the ``DomainEvent`` and must be idempotent: the dispatcher may run it again
after a crash. Modules register with ``@handles(EventType.X, ...)`` and are imported in their
app's ``ready()``. What is registered today (``registry()`` returns the live mapping):

==================================  ===========================================================
``action.owner_changed``            ``reminder_handlers.move_pending_reminders_to_new_owner``
``action.deadline_revised``         ``reminder_handlers.cancel_reminders_for_old_deadline``
``action.completed``                ``reminder_handlers.cancel_pending_reminders``
``progress.recorded``               ``reminder_handlers.cancel_pending_update_requests``
every type                          ``webhooks.handlers.enqueue_webhook_deliveries``
==================================  ===========================================================

Deadline reminders re-arm by their ledger key (it contains the deadline), so a revised deadline
needs no handler to schedule new ones; the handlers only withdraw rows not yet sent.
"""

from collections import defaultdict
from collections.abc import Callable

_REGISTRY: dict[str, list[Callable]] = defaultdict(list)


def handles(*event_types):
    """Register the decorated function as a handler of ``event_types``."""

    def register(handler: Callable) -> Callable:
        for event_type in event_types:
            if handler not in _REGISTRY[event_type]:
                _REGISTRY[event_type].append(handler)
        return handler

    return register


def handlers_for(event_type: str) -> list[Callable]:
    """The handlers of ``event_type``, in registration order."""
    return list(_REGISTRY.get(event_type, ()))


def registry() -> dict[str, list[str]]:
    """The live mapping, as dotted handler names per event type (for operators and tests)."""
    return {
        event_type: [f"{handler.__module__}.{handler.__qualname__}" for handler in handlers]
        for event_type, handlers in sorted(_REGISTRY.items())
        if handlers
    }
