"""The plan's columns: what each means, the headings councils give it, and how a sheet's
headings are matched to them (case- and punctuation-insensitively).

The template and the export write ``COLUMNS`` in this order under their ``heading``; an import
recognises the heading or any of its ``aliases``, and a person may map any other heading to a
column by its ``key`` (or to ``IGNORE``).
"""

import re
from dataclasses import dataclass

IGNORE = "ignore"


@dataclass(frozen=True)
class Column:
    """One column of the plan: ``key`` names it in code and mappings, ``heading`` in sheets."""

    key: str
    heading: str
    meaning: str
    aliases: tuple[str, ...] = ()


COLUMNS = (
    Column(
        "recommendation_number",
        "Recommendation no.",
        "The recommendation's number in the inspection report (1, 2, 3…). Left blank, it is read "
        "from the start of the action reference (1a → 1), else from the row above.",
        ("recommendation number", "rec no", "rec number", "recommendation ref"),
    ),
    Column(
        "recommendation",
        "Recommendation",
        "The recommendation's text. Left blank, the row belongs to the recommendation above.",
        ("objective", "recommendation text", "hmip recommendation"),
    ),
    Column(
        "reference",
        "Action ref",
        "The action's reference within its recommendation (1a, 1b…). With the recommendation "
        "number it identifies the action: a re-import updates the action with the same pair.",
        ("ref", "reference", "no", "number", "action reference", "action no", "action number"),
    ),
    Column(
        "title",
        "Action",
        "What will be done (up to 200 characters; a longer text is kept whole as the "
        "description and shortened for the title).",
        ("action required", "actions", "forward actions", "action title", "actions required"),
    ),
    Column(
        "description",
        "Description",
        "More detail about the action, or its desired outcome.",
        ("detail", "details", "desired outcome", "outcome"),
    ),
    Column(
        "owner",
        "Owner",
        "Who is responsible: their email address (best), or their full name as yjtracker knows "
        "it. Left blank, a new action is owned by the person importing.",
        ("lead officer", "responsible officer", "action owner", "lead", "lead officer agency"),
    ),
    Column(
        "lead_agency",
        "Lead agency",
        "The partner agency leading the action, by the name the service gave it.",
        ("agency", "partner", "partner agency", "lead partner", "lead organisation"),
    ),
    Column(
        "start_on",
        "Start date",
        "When work starts: 31/03/2025, 31 March 2025 or a date cell.",
        ("start", "date started", "started"),
    ),
    Column(
        "due_on",
        "Deadline",
        "The deadline first agreed. A new action needs one.",
        (
            "planned completion date",
            "due date",
            "target date",
            "completion date",
            "due by",
            "original deadline",
            "timescale",
        ),
    ),
    Column(
        "revised_due_on",
        "Revised deadline",
        "The deadline now, when it has moved from the first one (recorded as an approved "
        "deadline change, the original kept beside it).",
        ("revised date", "revised completion date", "revised target date", "new deadline"),
    ),
    Column(
        "status",
        "Status",
        "Not started, In progress or Complete. Left blank, a Complete RAG completes the action.",
        ("action status",),
    ),
    Column(
        "progress",
        "Progress",
        "The latest progress. Text that differs from the action's latest update is recorded as "
        "a new progress update, dated the day of the import, with the row's RAG.",
        ("progress and impact", "update", "latest update", "6 month progress", "progress update"),
    ),
    Column(
        "rag",
        "RAG",
        "Red/R, Amber/A, Green/G, or Blue/Complete/C. Two colours (A/G) are taken as the worse.",
        ("progress rating", "status rag", "rag rating", "rag status", "rating"),
    ),
)
COLUMN_KEYS = tuple(column.key for column in COLUMNS)
# Written by the export but never read back: the action's place and the inspection of a
# service-wide export.
IGNORED_HEADINGS = ("inspection", "current rag", "last updated")


def normalise(heading: str) -> str:
    """Lower case, ``&`` as "and", punctuation as spaces, spaces collapsed: ``Lead Officer /
    Agency`` → ``lead officer agency``, ``6-month progress`` → ``6 month progress``."""
    text = heading.lower().replace("&", " and ")
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


HEADINGS = {
    normalise(name): column.key
    for column in COLUMNS
    for name in (column.heading, column.key.replace("_", " "), *column.aliases)
} | {normalise(name): IGNORE for name in IGNORED_HEADINGS}


def recognise(heading: str) -> str | None:
    """The column key ``heading`` names (or ``IGNORE``), None when it is not recognised."""
    return HEADINGS.get(normalise(heading))


@dataclass(frozen=True)
class HeadingMatch:
    """Which sheet column (0-based) holds each plan column, and the headings left unmatched."""

    positions: dict[str, int]
    unrecognised: tuple[str, ...]
    duplicates: tuple[str, ...]


def match_headings(headings: list[str], mapping: dict[str, str] | None = None) -> HeadingMatch:
    """Match a sheet's headings to the plan's columns; ``mapping`` (heading → key or
    ``IGNORE``) decides the headings a person mapped. The first of two headings for one
    column wins; the second is reported in ``duplicates``."""
    mapping = {normalise(name): key for name, key in (mapping or {}).items()}
    positions: dict[str, int] = {}
    unrecognised, duplicates = [], []
    for index, heading in enumerate(headings):
        if not heading:
            continue
        key = mapping.get(normalise(heading)) or recognise(heading)
        if key is None:
            unrecognised.append(heading)
        elif key in positions:
            duplicates.append(heading)
        elif key != IGNORE:
            positions[key] = index
    return HeadingMatch(positions, tuple(unrecognised), tuple(duplicates))


def looks_like_heading_row(cells: list[str]) -> bool:
    """A row naming at least two plan columns: where the headings are (a title may sit above)."""
    return sum(1 for cell in cells if cell and recognise(cell) not in (None, IGNORE)) >= 2
