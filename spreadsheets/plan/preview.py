"""An import's dry run: what happens to each recommendation and action row, and the counts."""

from dataclasses import dataclass, field

from actions.models import Action
from inspections.models import Recommendation
from spreadsheets.plan.state import NewOwner
from spreadsheets.rows import Problem


@dataclass
class RecommendationPlan:
    """What happens to one recommendation: created, its text changed, or left alone."""

    number: int
    text: str
    existing: Recommendation | None
    row: int

    @property
    def outcome(self) -> str:
        if self.existing is None:
            return "create"
        return "update" if self.text and self.text != self.existing.text else "unchanged"


@dataclass
class ActionPlan:
    """What happens to one action row: the values to write and the changes, by column."""

    row: int
    number: int
    reference: str
    existing: Action | None
    values: dict = field(default_factory=dict)
    changes: list[str] = field(default_factory=list)
    progress: str = ""  # a new progress update's narrative (none when the text is the latest)
    progress_text: str = ""  # the row's progress cell, new or not: a completion's statement
    assessed_rag: str = ""
    new_owner: NewOwner | None = None

    @property
    def outcome(self) -> str:
        if self.existing is None:
            return "create"
        return "update" if self.changes else "unchanged"


@dataclass
class Preview:
    """An import's dry run: what would be created and updated, and every problem, by row."""

    recommendations: dict[int, RecommendationPlan] = field(default_factory=dict)
    actions: list[ActionPlan] = field(default_factory=list)
    rows: list[tuple[int, str, str]] = field(default_factory=list)  # (row, outcome, summary)
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    new_owners: dict[str, NewOwner] = field(default_factory=dict)
    unrecognised: tuple[str, ...] = ()

    @property
    def created(self) -> dict[str, int]:
        return {
            "recommendations": self._count(self.recommendations.values(), "create"),
            "actions": self._count(self.actions, "create"),
            "progress_updates": sum(1 for a in self.actions if a.progress),
            "owners": len(self.new_owners),
        }

    @property
    def updated(self) -> dict[str, int]:
        return {
            "recommendations": self._count(self.recommendations.values(), "update"),
            "actions": self._count(self.actions, "update"),
        }

    @property
    def unchanged(self) -> int:
        return sum(1 for _, outcome, _ in self.rows if outcome == "unchanged")

    @staticmethod
    def _count(plans, outcome: str) -> int:
        return sum(1 for plan in plans if plan.outcome == outcome)

    def report(self) -> dict:
        """The API's and the command's answer: counts, each row's outcome, problems."""
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "errors": [problem.as_dict() for problem in self.errors],
            "warnings": [problem.as_dict() for problem in self.warnings],
            "unrecognised_columns": list(self.unrecognised),
            "rows": [{"row": r, "outcome": o, "summary": s} for r, o, s in self.rows],
        }
