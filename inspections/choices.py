"""Enumerations of the inspection domain (stored values are lower snake case)."""

from django.db import models


class Rating(models.TextChoices):
    """HMIP's rating words. Which of them a framework uses, and their points, is framework data."""

    OUTSTANDING = "outstanding", "Outstanding"
    GOOD = "good", "Good"
    REQUIRES_IMPROVEMENT = "requires_improvement", "Requires improvement"
    INADEQUATE = "inadequate", "Inadequate"
    NOT_RATED = "not_rated", "Not rated"


class OverallRatingMethod(models.TextChoices):
    """How a framework's overall rating is reached."""

    COMPUTED = "computed", "Computed from standard ratings and score bands"
    PUBLISHED = "published", "Given by HMIP (entered from the report)"


class InspectionKind(models.TextChoices):
    SINGLE = "single", "Single inspection"
    JOINT = "joint", "Joint inspection"
    SMALL_SERVICE = "small_service", "Small-service inspection"
    THEMATIC = "thematic", "Thematic inspection"
    JOINT_THEMATIC = "joint_thematic", "Joint thematic inspection"
    OTHER = "other", "Other"


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


class Addressee(models.TextChoices):
    """Who a recommendation is addressed to."""

    SERVICE_MANAGER = "service_manager", "Youth justice service manager"
    MANAGEMENT_BOARD = "management_board", "Management board"
    PARTNER_AGENCY = "partner_agency", "A named partner agency"
    NATIONAL_BODIES = "national_bodies", "National bodies"


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
    """A user's role in one youth justice service; each maps to a permission group."""

    PLAN_OWNER = "plan_owner", "Plan owner"
    SERVICE_MANAGER = "service_manager", "Service manager"
    BOARD_MEMBER = "board_member", "Board member"


GROUP_NAMES = {
    ServiceRole.PLAN_OWNER: "Plan owner",
    ServiceRole.SERVICE_MANAGER: "Service manager",
    ServiceRole.BOARD_MEMBER: "Board member",
}
