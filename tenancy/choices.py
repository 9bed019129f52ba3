"""Enumerations of who is who: agencies, board roles, digest schedules, roles in a service."""

from django.db import models


class AgencyKind(models.TextChoices):
    POLICE = "police", "Police"
    PROBATION = "probation", "Probation"
    HEALTH = "health", "Health"
    CHILDREN_SERVICES = "children_services", "Local authority children's services"
    EDUCATION = "education", "Education"
    OPCC = "opcc", "Office of the Police and Crime Commissioner"
    COURTS = "courts", "Courts"
    VOLUNTARY_SECTOR = "voluntary_sector", "Voluntary sector"
    OTHER = "other", "Other"


class BoardRole(models.TextChoices):
    CHAIR = "chair", "Chair"
    MEMBER = "member", "Member"


class DigestSchedule(models.TextChoices):
    """When a board's members receive their digest."""

    WEEKLY = "weekly", "Weekly (Monday 08:00)"
    MONTHLY = "monthly", "Monthly (first Monday 08:00)"
    BEFORE_MEETING = "before_meeting", "Before each board meeting"


class DigestChoice(models.TextChoices):
    """A member's own digest preference."""

    BOARD_SCHEDULE = "board_schedule", "As the board's schedule"
    WEEKLY = "weekly", "Weekly"
    MONTHLY = "monthly", "Monthly"
    BEFORE_MEETING = "before_meeting", "Before each board meeting"
    UNSUBSCRIBED = "unsubscribed", "No digests"


class ServiceRole(models.TextChoices):
    """A user's role in one youth justice service; what each may do is in tenancy/rules.py."""

    PLAN_OWNER = "plan_owner", "Plan owner"
    SERVICE_MANAGER = "service_manager", "Service manager"
    BOARD_MEMBER = "board_member", "Board member"
