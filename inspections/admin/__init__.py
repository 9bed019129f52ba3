"""Admin for inspections, recommendations and the set-up data (services, boards, frameworks)."""

from inspections.admin import inspection, recommendation, setup

__all__ = ["inspection", "recommendation", "setup"]
