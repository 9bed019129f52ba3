"""Reading one cell's value as a date, a RAG or a status: pure functions, UK conventions.

Each returns the value or raises ``CellError`` with a plain message for the person who typed
it. ``read_rag`` also returns a warning when it had to choose (a compound "A/G").
"""

import calendar
import re
from datetime import date, datetime

from actions.choices import ActionStatus
from inspections.choices import RAG


class CellError(ValueError):
    """A cell that cannot be read, with the message to show beside its row and column."""


# Characters that make a spreadsheet treat a cell as a formula (CSV injection, OWASP): an
# export puts an apostrophe before them; an import takes it off again.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """``text`` as a cell no spreadsheet runs as a formula: an apostrophe before ``= + - @``."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def text_of(value) -> str:
    """A cell as text: trimmed, Windows line endings made plain, an export's apostrophe undone."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).replace("\r\n", "\n").replace("\r", "\n").strip()
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


MONTHS = {
    name.lower(): number
    for number in range(1, 13)
    for name in (calendar.month_name[number], calendar.month_abbr[number])
} | {"sept": 9}
NUMERIC_DATE = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})")
ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
WORDED_DATE = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?,?\s+(\d{4})")
MONTH_YEAR = re.compile(r"([a-z]+)\.?\s+(\d{4})")
DATE_HELP = "write it as 31/03/2025 or 31 March 2025"


def read_date(value) -> date | None:
    """A date cell, or UK text: 31/03/2025, 31/3/25, 31-03-2025, 2025-03-31, 31 March 2025,
    31 Mar 2025, or March 2025 (the month's last day). Blank is None."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = text_of(value).lower()
    if not text:
        return None
    try:
        found = _date_from_text(text)
    except ValueError:
        found = None
    if found is None:
        raise CellError(f"Cannot read {text_of(value)!r} as a date: {DATE_HELP}.")
    return found


def _date_from_text(text: str) -> date | None:
    if match := NUMERIC_DATE.fullmatch(text):
        day, month, year = (int(part) for part in match.groups())
        return date(year + 2000 if year < 100 else year, month, day)
    if match := ISO_DATE.fullmatch(text):
        return date(*(int(part) for part in match.groups()))
    if (match := WORDED_DATE.fullmatch(text)) and match[2] in MONTHS:
        return date(int(match[3]), MONTHS[match[2]], int(match[1]))
    if (match := MONTH_YEAR.fullmatch(text)) and match[1] in MONTHS:
        year, month = int(match[2]), MONTHS[match[1]]
        return date(year, month, calendar.monthrange(year, month)[1])
    return None


RAG_WORDS = {
    "red": RAG.RED,
    "r": RAG.RED,
    "amber": RAG.AMBER,
    "a": RAG.AMBER,
    "green": RAG.GREEN,
    "g": RAG.GREEN,
    "blue": RAG.BLUE,
    "b": RAG.BLUE,
    "complete": RAG.BLUE,
    "completed": RAG.BLUE,
    "c": RAG.BLUE,
}
# Worst first: of two colours the earlier is taken. Complete is never worse than a colour.
SEVERITY = (RAG.RED, RAG.AMBER, RAG.GREEN, RAG.BLUE)


def read_rag(value) -> tuple[str | None, str]:
    """``(rag, warning)``: Red/R, Amber/A, Green/G, Blue/B/Complete/C, any case. A compound
    (A/G, Amber-Green, R/A) is the worse colour, with a warning saying so. Blank is None."""
    text = text_of(value).lower()
    if not text:
        return None, ""
    parts = [part for part in re.split(r"[\s/\\\-–,&+]+|\band\b", text) if part]
    found = [RAG_WORDS.get(part) for part in parts]
    rags = [rag for rag in found if rag is not None]
    if not rags or len(rags) != len(found):
        raise CellError(
            f"Cannot read {text_of(value)!r} as a RAG: use Red, Amber, Green or Complete "
            "(or R, A, G, C)."
        )
    worst = min(rags, key=SEVERITY.index)
    if len(set(rags)) == 1:
        return worst, ""
    return worst, f"{text_of(value)!r} gives two colours: taken as {RAG(worst).label}, the worse."


STATUS_WORDS = {
    "not started": ActionStatus.NOT_STARTED,
    "not yet started": ActionStatus.NOT_STARTED,
    "in progress": ActionStatus.IN_PROGRESS,
    "ongoing": ActionStatus.IN_PROGRESS,
    "started": ActionStatus.IN_PROGRESS,
    "complete": ActionStatus.COMPLETE,
    "completed": ActionStatus.COMPLETE,
    "done": ActionStatus.COMPLETE,
}


def read_status(value) -> str | None:
    """Not started, In progress (or Ongoing) or Complete (Completed, Done), any case and
    punctuation. Blank is None."""
    text = " ".join(re.sub(r"[^a-z]+", " ", text_of(value).lower()).split())
    if not text:
        return None
    if text not in STATUS_WORDS:
        raise CellError(
            f"Cannot read {text_of(value)!r} as a status: use Not started, In progress or Complete."
        )
    return STATUS_WORDS[text]


def read_number(value) -> int | None:
    """A recommendation number: a whole number of at least 1 (blank is None)."""
    text = text_of(value)
    if not text:
        return None
    if not text.isdecimal() or int(text) < 1:
        raise CellError(f"Cannot read {text!r} as a recommendation number: use 1, 2, 3…")
    return int(text)


def number_of_reference(reference: str) -> int | None:
    """The recommendation number an action reference starts with: ``1a`` → 1, ``2.3`` → 2."""
    match = re.match(r"(\d+)", reference)
    return int(match[1]) if match and int(match[1]) >= 1 else None


EMAIL_IN_TEXT = re.compile(r"^(?:(?P<name>.*?)\s*<)?(?P<email>[^\s<>@]+@[^\s<>@]+\.[^\s<>@]+)>?$")


def read_person(value) -> tuple[str, str]:
    """``(name, email)`` of an owner cell: ``jo@council.gov.uk``, ``Jo Bloggs <jo@…>`` or a
    full name (email empty)."""
    text = " ".join(text_of(value).split())
    if match := EMAIL_IN_TEXT.match(text):
        return (match["name"] or "").strip(), match["email"].lower()
    return text, ""
