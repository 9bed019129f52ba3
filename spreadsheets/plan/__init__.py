"""What an import would do to the saved plan: each row's outcome (create, update, unchanged,
error) and every problem, worked out before anything is written (the preview).

Matching rule: a recommendation is the inspection's one with the row's number; an action is
that recommendation's one with the row's action reference. A blank cell leaves the saved value
as it is; a value that differs is a change. ``load_state`` reads what the rows are compared
with in a fixed number of queries; ``plan_rows`` is then pure.
"""

from collections import Counter
from string import ascii_lowercase

from spreadsheets.plan.comparison import ActionComparison
from spreadsheets.plan.preview import ActionPlan, Preview, RecommendationPlan
from spreadsheets.plan.state import NewOwner, PlanState, load_state, name_key
from spreadsheets.rows import Problem, SheetRow

__all__ = [
    "ActionPlan",
    "NewOwner",
    "PlanState",
    "Preview",
    "RecommendationPlan",
    "load_state",
    "plan_rows",
]


class Planner:
    """Compares rows with the saved plan, in order (a duplicate is the second occurrence)."""

    def __init__(self, state: PlanState, *, create_owners: bool, file_name: str):
        self.state = state
        self.create_owners = create_owners
        self.file_name = file_name
        self.preview = Preview()
        self.seen: dict[tuple[int, str], int] = {}
        self.letters: Counter = Counter()
        self.next_number = max(state.recommendations, default=0) + 1
        self.numbers_by_text = {name_key(r.text): n for n, r in state.recommendations.items()}

    def plan(self, rows: list[SheetRow]) -> Preview:
        for row in rows:
            self.plan_row(row)
        return self.preview

    def plan_row(self, row: SheetRow) -> None:
        errors = list(row.errors)
        self.preview.warnings += row.warnings
        number = self._number(row, errors)
        recommendation = self._recommendation(row, number, errors) if number else None
        action = self._action(row, number, errors) if number and row.has_action else None
        if errors and action is not None:
            # A row with a problem is not counted as a creation or a change.
            self.preview.actions.remove(action)
        self.preview.errors += errors
        self.preview.rows.append(self._outcome(row, errors, recommendation, action))

    def _number(self, row: SheetRow, errors: list[Problem]) -> int | None:
        if row.number is not None:
            return row.number
        if not row.recommendation:
            errors.append(
                Problem(
                    row.row,
                    "Recommendation no.",
                    "Give the recommendation's number (or its text, or start the action "
                    "reference with the number, as in 1a).",
                )
            )
            return None
        key = name_key(row.recommendation)
        if key not in self.numbers_by_text:
            self.numbers_by_text[key] = self.next_number
            self.next_number += 1
        return self.numbers_by_text[key]

    def _recommendation(self, row, number: int, errors) -> RecommendationPlan | None:
        planned = self.preview.recommendations.get(number)
        if planned is not None:
            return planned
        existing = self.state.recommendations.get(number)
        if existing is None and not row.recommendation:
            errors.append(
                Problem(
                    row.row,
                    "Recommendation",
                    f"Recommendation {number} is new: give its text.",
                )
            )
            return None
        planned = RecommendationPlan(number, row.recommendation, existing, row.row)
        self.preview.recommendations[number] = planned
        return planned

    def _reference(self, row: SheetRow, number: int) -> str:
        if row.reference:
            return row.reference
        while True:
            letter = ascii_lowercase[self.letters[number] % 26]
            self.letters[number] += 1
            reference = f"{number}{letter}"
            if (number, reference) not in self.seen:
                return reference

    def _action(self, row: SheetRow, number: int, errors: list[Problem]) -> ActionPlan | None:
        reference = self._reference(row, number)
        key = (number, reference.lower())
        if key in self.seen:
            errors.append(
                Problem(
                    row.row,
                    "Action ref",
                    f"Action {reference} of recommendation {number} is already on row "
                    f"{self.seen[key]}: give each action its own reference.",
                )
            )
            return None
        self.seen[key] = row.row
        plan = ActionPlan(row.row, number, reference, self.state.actions.get(key))
        ActionComparison(self, row, plan, errors).compare()
        self.preview.actions.append(plan)
        return plan

    def _outcome(self, row, errors, recommendation, action) -> tuple[int, str, str]:
        if errors:
            return row.row, "error", "; ".join(problem.message for problem in errors)
        if action is not None:
            what = f"action {action.reference}"
            if action.outcome == "update":
                return row.row, "update", f"{what}: {', '.join(action.changes)} changed"
            return row.row, action.outcome, what
        assert recommendation is not None
        return row.row, recommendation.outcome, f"recommendation {recommendation.number}"


def plan_rows(
    rows: list[SheetRow], state: PlanState, *, create_owners: bool, file_name: str
) -> Preview:
    """The preview of importing ``rows`` over ``state``."""
    return Planner(state, create_owners=create_owners, file_name=file_name).plan(rows)
