"""Admin for improvement actions: the action page, its own views, and deadline revisions."""

from actions.admin import action, revisions

__all__ = ["action", "revisions"]
