"""How the pages name things: people by name, RAG as a GOV.UK tag that always carries the word,
moments as "2 December 2026 at 1:56pm" (the GOV.UK style)."""

from datetime import datetime

from django.utils import timezone

from inspections.choices import RAG

# GOV.UK tag colours for each RAG; the word is always shown with the colour.
RAG_TAG_CLASSES: dict[str, str] = {
    RAG.RED: "govuk-tag--red",
    RAG.AMBER: "govuk-tag--orange",
    RAG.GREEN: "govuk-tag--green",
    RAG.BLUE: "govuk-tag--blue",
    RAG.UNPLANNED: "govuk-tag--grey",
}


def rag_label(rag: str) -> str:
    """The word for a RAG value ("Complete" for blue)."""
    return RAG(rag).label if rag in RAG.values else rag


def person(user) -> str:
    """Full name, else username; "the system" for no one (nightly jobs)."""
    if user is None:
        return "the system"
    return user.get_full_name() or user.get_username()


def first_line(text: str, length: int = 120) -> str:
    """The first line of ``text``, shortened to ``length`` characters with an ellipsis."""
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line if len(line) <= length else f"{line[: length - 1].rstrip()}…"


def moment(when: datetime) -> str:
    """ "2 December 2026 at 1:56pm", in the local time zone."""
    local = timezone.localtime(when)
    hour = local.hour % 12 or 12
    return f"{local.day} {local:%B %Y} at {hour}:{local:%M}{'am' if local.hour < 12 else 'pm'}"
