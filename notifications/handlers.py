"""The handler registry: one mapping from event type to the functions that act on it.

A handler takes the ``DomainEvent`` and must be idempotent: the dispatcher may run it again
after a crash. Modules register with ``@handles(EventType.X, ...)`` and are imported when
their app is ready.
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
    return list(_REGISTRY.get(event_type, ()))
