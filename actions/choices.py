"""Enumerations of improvement actions."""

from django.db import models


class RAG(models.TextChoices):
    """Red/Amber/Green status. Blue means complete and is always shown as "Complete".

    ``unplanned`` only occurs in roll-ups: a recommendation with no action yet.
    """

    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"
    BLUE = "blue", "Complete"
    UNPLANNED = "unplanned", "Unplanned"


ACTION_RAGS = (RAG.RED, RAG.AMBER, RAG.GREEN, RAG.BLUE)


class AssessedRAG(models.TextChoices):
    """The RAG an author gives in a progress update (completion is a status, not an opinion)."""

    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETE = "complete", "Complete"


class RevisionStatus(models.TextChoices):
    """A deadline revision is requested by a plan owner and decided by a service manager."""

    PENDING = "pending", "Pending approval"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"
