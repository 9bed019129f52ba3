"""The event catalogue: every change that matters, named ``<subject>.<past tense>``."""

from django.db import models


class EventType(models.TextChoices):
    """Every change that matters, named ``<subject>.<past tense>``."""

    INSPECTION_CREATED = "inspection.created", "Inspection recorded"
    INSPECTION_PUBLISHED = "inspection.published", "Inspection published"
    INSPECTION_RATINGS_CHANGED = "inspection.ratings_changed", "Standard ratings changed"
    INSPECTION_RAG_CHANGED = "inspection.rag_changed", "Inspection RAG changed"
    RECOMMENDATION_ADDED = "recommendation.added", "Recommendation added"
    RECOMMENDATION_CHANGED = "recommendation.changed", "Recommendation changed"
    RECOMMENDATION_RAG_CHANGED = "recommendation.rag_changed", "Recommendation RAG changed"
    RECOMMENDATION_DELETED = "recommendation.deleted", "Recommendation deleted"
    ACTION_CREATED = "action.created", "Action created"
    ACTION_CHANGED = "action.changed", "Action details changed"
    ACTION_DELETED = "action.deleted", "Action deleted"
    ACTION_OWNER_CHANGED = "action.owner_changed", "Action owner changed"
    ACTION_DEADLINE_REVISION_REQUESTED = (
        "action.deadline_revision_requested",
        "Deadline change requested",
    )
    ACTION_DEADLINE_REVISION_REJECTED = (
        "action.deadline_revision_rejected",
        "Deadline change rejected",
    )
    ACTION_DEADLINE_REVISED = "action.deadline_revised", "Deadline revised"
    ACTION_STATUS_CHANGED = "action.status_changed", "Status changed"
    ACTION_RAG_CHANGED = "action.rag_changed", "RAG changed"
    ACTION_COMPLETED = "action.completed", "Action completed"
    ACTION_SIGNED_OFF = "action.signed_off", "Action signed off"
    ACTION_SENT_BACK = "action.sent_back", "Action sent back by the board"
    ACTION_BECAME_DUE_SOON = "action.became_due_soon", "Action became due soon"
    ACTION_BECAME_OVERDUE = "action.became_overdue", "Action became overdue"
    PROGRESS_RECORDED = "progress.recorded", "Progress recorded"
