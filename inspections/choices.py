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


class Addressee(models.TextChoices):
    """Who a recommendation is addressed to."""

    SERVICE_MANAGER = "service_manager", "Youth justice service manager"
    MANAGEMENT_BOARD = "management_board", "Management board"
    PARTNER_AGENCY = "partner_agency", "A named partner agency"
    NATIONAL_BODIES = "national_bodies", "National bodies"


class RAG(models.TextChoices):
    """Red/Amber/Green status. Blue means complete and is always shown as "Complete".

    ``unplanned`` only occurs in roll-ups: a recommendation with no action yet.
    """

    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"
    BLUE = "blue", "Complete"
    UNPLANNED = "unplanned", "Unplanned"
