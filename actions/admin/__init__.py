"""Admin of the improvement plan: inspections with their roll-ups, recommendations with their
actions, the action page and its own views, deadline revisions, and a service's settings."""

from actions.admin import action, inspection, recommendation, revisions, services

__all__ = ["action", "inspection", "recommendation", "revisions", "services"]
