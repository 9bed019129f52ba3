"""JSON-safe dicts built from events and actions when they are handled, never stored facts.

A ledger row's ``context`` is built here at selection time; the email is rendered from it at
send time. Every value is a str, int, bool or None (dates as ISO strings), so a payload survives
a JSON round trip unchanged.
"""

from functools import cache

from django.conf import settings
from django.urls import reverse

from actions.choices import ActionStatus
from inspections.choices import RAG
from tenancy.people import display_name


@cache
def _admin_root() -> str:
    return reverse("admin:index")  # Resolved once: the scan builds thousands of links per batch.


def admin_change_url(app_label: str, model_name: str, pk: int) -> str:
    """The absolute admin link to one object (the admin serves ``<app>/<model>/<pk>/change/``)."""
    return f"{settings.SITE_URL}{_admin_root()}{app_label}/{model_name}/{pk}/change/"


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def action_url(action_id: int) -> str:
    """The absolute link to the action's own page (the owner's update form)."""
    return f"{settings.SITE_URL}{_action_path_pattern().format(action_id)}"


@cache
def _action_path_pattern() -> str:
    # Resolved once, with a placeholder for the id: the scan links tens of thousands of actions.
    return reverse("pages:action", args=[ACTION_ID_PLACEHOLDER]).replace(
        str(ACTION_ID_PLACEHOLDER), "{}"
    )


ACTION_ID_PLACEHOLDER = 987654321


def action_facts(action) -> dict:
    """What an email about ``action`` says. Needs owner and recommendation→inspection→service."""
    recommendation = action.recommendation
    return facts_about_action(
        action,
        owner_name=display_name(action.owner),
        recommendation_number=recommendation.number,
        recommendation_text=recommendation.text,
        service=recommendation.inspection.service,
    )


def facts_about_action(
    action, *, owner_name: str, recommendation_number: int, recommendation_text: str, service
) -> dict:
    """``action_facts`` from the action's own columns (a model instance, or a row the deadline
    scan read) and what its owner, recommendation and service give."""
    return {
        "action_id": action.pk,
        "reference": action.reference,
        "title": action.title,
        "status": ActionStatus(action.status).label,
        "rag": RAG(action.rag).label,
        "due_on": _iso(action.due_on),
        "original_due_on": _iso(action.original_due_on),
        "last_progress_on": _iso(action.last_progress_on),
        "owner_id": action.owner_id,
        "owner_name": owner_name,
        "recommendation_number": recommendation_number,
        "recommendation_text": recommendation_text,
        "service_id": service.pk,
        "service_name": service.name,
        "action_url": action_url(action.pk),
    }
