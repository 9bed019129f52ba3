"""RAG: one action's Red/Amber/Green, and the roll-up of many.

Pure functions; ``today`` is always passed in. The rule, each threshold a per-service setting:

- **blue** (shown as "Complete"): the action's status is complete;
- **red**: the current deadline is before today, or the latest progress update was assessed red;
- **amber**: the deadline is within ``due_soon_days`` (default 30, inclusive), or the latest
  progress update was assessed amber, or there has been no progress update for
  ``stale_after_days`` (default 42) — counted from the latest update, else from the start date,
  else from when the action was created;
- **green**: otherwise.

``assess_rag`` gives the value with its reason in words ("12 days overdue", "Due in 9 days",
"No update for 45 days", "Latest update assessed Amber"): the first condition above that holds,
so the reason can never disagree with the value.

Roll-up (recommendation, inspection, service, board): the worst of red > amber > unplanned >
green > blue. ``unplanned`` marks a recommendation with no action; a level whose every action
is complete is blue. Every level also reports counts per RAG, the number overdue and the
percentage complete.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import IntEnum
from functools import cache
from typing import Any, Protocol

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

    @classmethod
    def of_row(cls, row: Mapping[str, Any]) -> "RagPolicy":
        """The thresholds ``with_rag_policy()`` put in a ``values()`` row: one instance per
        pair, however many rows of a list share it."""
        return _policy_with(row["rag_due_soon_days"], row["rag_stale_after_days"])


DEFAULT_POLICY = RagPolicy()


@cache
def _policy_with(due_soon_days: int, stale_after_days: int) -> RagPolicy:
    return RagPolicy(due_soon_days=due_soon_days, stale_after_days=stale_after_days)


class Why(IntEnum):
    """Which part of the rule decided an action's RAG, in order of urgency (most urgent first).

    A worklist sorts by it: overdue, assessed red, due soon, stale, assessed amber, on track.
    """

    OVERDUE = 1
    ASSESSED_RED = 2
    DUE_SOON = 3
    STALE = 4
    ASSESSED_AMBER = 5
    ON_TRACK = 6
    COMPLETE = 7


@dataclass(frozen=True)
class RagAssessment:
    """An action's RAG, the part of the rule that decided it, and that reason in words."""

    rag: str
    why: Why
    reason: str
    # Within one ``why``, the most urgent first: the earliest deadline, or the longest silence.
    since_on: date

    @property
    def urgency(self) -> tuple[int, date]:
        """Sort key of a worklist: by ``why``, then by ``since_on``."""
        return (self.why, self.since_on)


def _days(n: int) -> str:
    return "1 day" if n == 1 else f"{n} days"


def _due_in(due_on: date, today: date) -> str:
    days = (due_on - today).days
    if days == 0:
        return "Due today"
    if days == 1:
        return "Due tomorrow"
    return f"Due in {_days(days)}"


def assess_rag(
    *,
    complete: bool,
    due_on: date,
    latest_assessed_rag: str | None,
    last_activity_on: date,
    today: date,
    policy: RagPolicy = DEFAULT_POLICY,
) -> RagAssessment:
    """One action's RAG and why. ``last_activity_on``: the latest update's date, else start or
    creation. The first condition that holds decides, in the order of ``Why``."""
    idle_days = (today - last_activity_on).days
    if complete:
        return RagAssessment(BLUE, Why.COMPLETE, "Complete", due_on)
    if is_overdue(due_on, today):
        late = _days((today - due_on).days)
        return RagAssessment(RED, Why.OVERDUE, f"{late} overdue", due_on)
    if latest_assessed_rag == RED:
        return RagAssessment(RED, Why.ASSESSED_RED, "Latest update assessed Red", due_on)
    if is_due_soon(due_on, today, policy.due_soon_days):
        return RagAssessment(AMBER, Why.DUE_SOON, _due_in(due_on, today), due_on)
    if idle_days >= policy.stale_after_days:
        reason = f"No update for {_days(idle_days)}"
        return RagAssessment(AMBER, Why.STALE, reason, last_activity_on)
    if latest_assessed_rag == AMBER:
        return RagAssessment(AMBER, Why.ASSESSED_AMBER, "Latest update assessed Amber", due_on)
    return RagAssessment(GREEN, Why.ON_TRACK, f"On track: {_due_in(due_on, today).lower()}", due_on)


def action_rag(
    *,
    complete: bool,
    due_on: date,
    latest_assessed_rag: str | None,
    last_activity_on: date,
    today: date,
    policy: RagPolicy = DEFAULT_POLICY,
) -> str:
    """One action's RAG: ``assess_rag``'s value without the reason."""
    return assess_rag(
        complete=complete,
        due_on=due_on,
        latest_assessed_rag=latest_assessed_rag,
        last_activity_on=last_activity_on,
        today=today,
        policy=policy,
    ).rag


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
