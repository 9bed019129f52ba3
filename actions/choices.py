"""Enumerations of improvement actions."""

from django.db import models

from inspections.choices import RAG

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
