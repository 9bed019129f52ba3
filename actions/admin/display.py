"""How the action admin shows derived facts: people, deadline changes, sign-off, history."""

from django.utils import timezone
from django.utils.html import format_html, format_html_join

from events.models import DomainEvent
from inspections.choices import RAG
from tenancy.people import display_name


def rag_badge(rag: str) -> str:
    """A coloured badge that always carries the word (blue reads "Complete")."""
    label = RAG(rag).label if rag in RAG.values else rag
    return format_html('<span class="rag-badge rag-{}">{}</span>', rag, label)


def person(user) -> str:
    """How people are named in lists (``tenancy.people.display_name``)."""
    return display_name(user)


def shorten(text: str, length: int) -> str:
    return text if len(text) <= length else f"{text[: length - 1]}…"


def describe(data: dict) -> str:
    """A one-line reading of an event's facts, e.g. "amber → red"."""
    parts = []
    if "old" in data and "new" in data:
        parts.append(f"{readable(data['old'])} → {readable(data['new'])}")
    parts += [
        f"{key.replace('_', ' ')}: {readable(value)}"
        for key, value in data.items()
        if key not in ("old", "new")
    ]
    return "; ".join(parts)


def readable(value) -> str:
    return value.replace("_", " ") if isinstance(value, str) else str(value)


def revision_list(obj):
    """The action's deadline changes, oldest last."""
    rows = format_html_join(
        "",
        "<li>{} → {}: {} ({}, {})</li>",
        (
            (
                r.previous_due_on.strftime("%d %b %Y"),
                r.requested_due_on.strftime("%d %b %Y"),
                r.reason,
                r.get_status_display(),
                r.requested_by,
            )
            for r in obj.deadline_revisions.select_related("requested_by")
        ),
    )
    return format_html('<ul class="yj-revisions">{}</ul>', rows) if rows else "None"


def sign_off_summary(obj) -> str:
    """Who signed the action off and when, or what it is waiting for."""
    if obj.is_signed_off:
        when = timezone.localtime(obj.signed_off_at)
        by = obj.signed_off_by.get_full_name() or obj.signed_off_by
        summary = f"Signed off by {by} on {when:%d %B %Y}"
        if obj.signed_off_meeting_id:
            summary += (
                f" (agreed at the board meeting of {obj.signed_off_meeting.meets_on:%d %B %Y})"
            )
        return f"{summary}: {obj.sign_off_comment}" if obj.sign_off_comment else summary
    return "Awaiting board sign-off" if obj.is_complete else "Not complete"


def history_table(obj):
    """The action's domain events (its audit trail) as a table, oldest first."""
    events = DomainEvent.objects.filter(subject_type="action", subject_id=obj.pk)
    rows = format_html_join(
        "",
        "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
        (
            (
                f"{timezone.localtime(event.occurred_at):%d %b %Y %H:%M}",
                event.get_type_display(),
                event.actor or "system",
                describe(event.data),
            )
            for event in events.select_related("actor").order_by("occurred_at", "id")
        ),
    )
    return format_html(
        '<table class="yj-history"><thead><tr><th>When</th><th>What</th><th>Who</th>'
        "<th>Details</th></tr></thead><tbody>{}</tbody></table>",
        rows,
    )
