"""RAG: one action's Red/Amber/Green, and the roll-up of many.

Pure functions; ``today`` is always passed in. The rule, each threshold a per-service setting:

- **blue** (shown as "Complete"): the action's status is complete;
- **red**: the current deadline is before today, or the latest progress update was assessed red;
- **amber**: the deadline is within ``due_soon_days`` (default 30, inclusive), or the latest
  progress update was assessed amber, or there has been no progress update for
  ``stale_after_days`` (default 42) — counted from the latest update, else from the start date,
  else from when the action was created;
- **green**: otherwise.

Roll-up (recommendation, inspection, service, board): the worst of red > amber > unplanned >
green > blue. ``unplanned`` marks a recommendation with no action; a level whose every action
is complete is blue. Every level also reports counts per RAG, the number overdue and the
percentage complete.
"""

from dataclasses import dataclass
from datetime import date
from typing import Protocol

from actions.deadlines import is_due_soon, is_overdue
from inspections.choices import RAG


class HasRagThresholds(Protocol):
    """What a RAG policy is read from: a youth justice service's two settings."""

    rag_due_soon_days: int
    rag_stale_after_days: int


RED, AMBER, GREEN, BLUE, UNPLANNED = RAG.RED, RAG.AMBER, RAG.GREEN, RAG.BLUE, RAG.UNPLANNED
# The one order of RAG values, worst first: roll-ups take the first present.
ROLLUP_ORDER = (RED, AMBER, UNPLANNED, GREEN, BLUE)
# Sorting by RAG (the API's ``ordering=rag``): open work from least to most urgent, complete last.
SORT_ORDER = (*(rag for rag in reversed(ROLLUP_ORDER) if rag != BLUE), BLUE)


@dataclass(frozen=True)
class RagPolicy:
    """A service's RAG thresholds."""

    due_soon_days: int = 30
    stale_after_days: int = 42

    @classmethod
    def of(cls, service: "HasRagThresholds") -> "RagPolicy":
        """The thresholds a service has chosen (its ``rag_*`` settings)."""
        return cls(
            due_soon_days=service.rag_due_soon_days, stale_after_days=service.rag_stale_after_days
        )


DEFAULT_POLICY = RagPolicy()


def action_rag(
    *,
    complete: bool,
    due_on: date,
    latest_assessed_rag: str | None,
    last_activity_on: date,
    today: date,
    policy: RagPolicy = DEFAULT_POLICY,
) -> str:
    """One action's RAG. ``last_activity_on`` is the latest update's date, else start or creation."""
    if complete:
        return BLUE
    if is_overdue(due_on, today) or latest_assessed_rag == RED:
        return RED
    due_soon = is_due_soon(due_on, today, policy.due_soon_days)
    stale = (today - last_activity_on).days >= policy.stale_after_days
    if due_soon or stale or latest_assessed_rag == AMBER:
        return AMBER
    return GREEN


@dataclass(frozen=True)
class RagCounts:
    """Counts of actions per RAG, recommendations without actions, and overdue actions."""

    red: int = 0
    amber: int = 0
    green: int = 0
    blue: int = 0
    unplanned: int = 0
    overdue: int = 0

    @property
    def actions(self) -> int:
        return self.red + self.amber + self.green + self.blue

    @property
    def percent_complete(self) -> int:
        """Complete actions as a whole percentage of all actions (half rounds up); 0 if none."""
        if not self.actions:
            return 0
        return (200 * self.blue + self.actions) // (2 * self.actions)

    @property
    def rag(self) -> str:
        return rollup_rag(self)

    def __add__(self, other: "RagCounts") -> "RagCounts":
        return RagCounts(
            red=self.red + other.red,
            amber=self.amber + other.amber,
            green=self.green + other.green,
            blue=self.blue + other.blue,
            unplanned=self.unplanned + other.unplanned,
            overdue=self.overdue + other.overdue,
        )

    def as_dict(self) -> dict[str, int | str]:
        return {
            "rag": self.rag,
            "red": self.red,
            "amber": self.amber,
            "green": self.green,
            "blue": self.blue,
            "unplanned": self.unplanned,
            "actions": self.actions,
            "overdue": self.overdue,
            "percent_complete": self.percent_complete,
        }


def rollup_rag(counts: RagCounts) -> str:
    """The worst RAG present (red > amber > unplanned > green > blue); unplanned when empty."""
    for rag in ROLLUP_ORDER:
        if getattr(counts, rag):
            return rag
    return UNPLANNED
