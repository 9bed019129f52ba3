"""Dispatching events to their handlers (the event machinery builds on this)."""


def schedule_dispatch(event_id: int) -> None:
    """Called on commit for each new event. Handlers arrive with the event-driven core."""
