"""What an import would do to the saved plan: each row's outcome (create, update, unchanged,
error) and every problem, worked out before anything is written (the preview).

Matching rule: a recommendation is the inspection's one with the row's number; an action is
that recommendation's one with the row's action reference. A blank cell leaves the saved value
as it is; a value that differs is a change. ``load_state`` reads what the rows are compared
with in a fixed number of queries; ``plan_rows`` is then pure.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from string import ascii_lowercase
from typing import Any

from django.db.models import OuterRef, Subquery

from actions.choices import ActionStatus, AssessedRAG
from actions.models import Action, ProgressUpdate
from inspections.choices import RAG
from inspections.models import Recommendation
from spreadsheets.rows import Problem, SheetRow, split_title
from tenancy.models import PartnerAgency, ServiceMembership


@dataclass(frozen=True)
class NewOwner:
    """An owner who is not yet a user: created as a plan owner and invited, when asked for."""

    name: str
    email: str


@dataclass
class PlanState:
    """The saved plan and the service's people and agencies, as the rows are compared with."""

    recommendations: dict[int, Recommendation]
    actions: dict[tuple[int, str], Action]
    latest_progress: dict[int, str]
    people_by_email: dict[str, Any]
    people_by_name: dict[str, list]
    agencies: dict[str, PartnerAgency]
    importer: Any


def _name_key(name: str) -> str:
    return " ".join(name.lower().split())


def load_state(inspection, importer) -> PlanState:
    """Everything ``plan_rows`` compares with, in five queries whatever the plan's size."""
    recommendations = {r.number: r for r in inspection.recommendations.all()}
    latest = ProgressUpdate.objects.filter(action=OuterRef("pk")).order_by("-recorded_at", "-id")
    actions = list(
        Action.objects.filter(recommendation__inspection=inspection).annotate(
            latest_narrative=Subquery(latest.values("narrative")[:1])
        )
    )
    by_number = {r.pk: n for n, r in recommendations.items()}
    memberships = ServiceMembership.objects.filter(service=inspection.service_id).select_related(
        "user"
    )
    people_by_name: dict[str, list] = defaultdict(list)
    people_by_email: dict[str, Any] = {}
    for membership in memberships:
        user = membership.user
        people_by_name[_name_key(user.get_full_name())].append(user)
        if user.email:
            people_by_email[user.email.lower()] = user
    return PlanState(
        recommendations=recommendations,
        actions={(by_number[a.recommendation_id], a.reference.lower()): a for a in actions},
        latest_progress={a.pk: a.latest_narrative or "" for a in actions},
        people_by_email=people_by_email,
        people_by_name=dict(people_by_name),
        agencies={
            _name_key(a.name): a
            for a in PartnerAgency.objects.filter(service=inspection.service_id)
        },
        importer=importer,
    )


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
        self.numbers_by_text = {_name_key(r.text): n for n, r in state.recommendations.items()}

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
        key = _name_key(row.recommendation)
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


class ActionComparison:
    """One row against its action (or none yet): the values it would write, and the changes."""

    def __init__(self, planner: Planner, row: SheetRow, plan: ActionPlan, errors: list):
        self.planner, self.state = planner, planner.state
        self.row, self.plan, self.errors = row, plan, errors
        self.existing = plan.existing

    def problem(self, column: str, message: str) -> None:
        self.errors.append(Problem(self.row.row, column, message))

    def compare(self) -> None:
        self._texts()
        self._owner()
        self._agency()
        self._dates()
        self._status()
        self._progress()

    def _set(self, field_name: str, value, label: str) -> None:
        """Write ``value`` (not blank) over the saved one; a difference is a change."""
        if value in (None, ""):
            return
        self.plan.values[field_name] = value
        if self.existing is not None and getattr(self.existing, field_name) != value:
            self.plan.changes.append(label)

    def _texts(self) -> None:
        title, long_text = split_title(self.row.title)
        if self.existing is None and not title:
            self.problem("Action", "A new action needs its text: say what will be done.")
        if len(self.plan.reference) > 12:
            self.problem("Action ref", "An action reference is at most 12 characters (1a, 2b).")
        self.plan.values["reference"] = self.plan.reference
        self._set("title", title, "Action")
        self._set("description", self.row.description or long_text, "Description")

    def _owner(self) -> None:
        if not (self.row.owner_name or self.row.owner_email):
            if self.existing is None:
                self.plan.values["owner"] = self.state.importer
            return
        owner = self._find_owner()
        if owner is not None:
            self._set("owner_id", owner.pk, "Owner")
            self.plan.values["owner"] = owner

    def _find_owner(self):
        email, name = self.row.owner_email, self.row.owner_name
        if email and email in self.state.people_by_email:
            return self.state.people_by_email[email]
        matches = self.state.people_by_name.get(_name_key(name), []) if name else []
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            self.problem("Owner", f"{len(matches)} people are called {name}: give their email.")
        elif email and self.planner.create_owners:
            self._invite(NewOwner(name, email))
        else:
            self.problem("Owner", self._unknown_owner_message(name or email))
        return None

    def _unknown_owner_message(self, who: str) -> str:
        if self.planner.create_owners:
            return f"No one called {who} works in this service: give their email address to invite them."
        return (
            f"No one called {who} works in this service: give the email of someone who does, or "
            "choose to create unknown owners as plan owners."
        )

    def _invite(self, owner: NewOwner) -> None:
        owner = self.planner.preview.new_owners.setdefault(owner.email, owner)
        self.plan.new_owner = owner
        if self.existing is not None:
            self.plan.changes.append("Owner")

    def _agency(self) -> None:
        name = self.row.lead_agency
        if not name:
            return
        agency = self.state.agencies.get(_name_key(name))
        if agency is None:
            known = ", ".join(sorted(a.name for a in self.state.agencies.values())) or "none yet"
            self.problem(
                "Lead agency", f"{name} is not one of the service's partner agencies ({known})."
            )
            return
        self._set("lead_agency_id", agency.pk, "Lead agency")

    def _dates(self) -> None:
        row, existing = self.row, self.existing
        start_on = row.start_on or (existing.start_on if existing else None)
        due_on = row.revised_due_on or row.due_on
        if existing is None and row.due_on is None and "due_on" not in row.unreadable:
            self.problem("Deadline", "A new action needs a deadline.")
        for column, deadline in (
            ("Deadline", row.due_on),
            ("Revised deadline", row.revised_due_on),
        ):
            if start_on and deadline and deadline < start_on:
                self.problem(
                    column,
                    f"The deadline ({deadline:%d/%m/%Y}) is before the start date ({start_on:%d/%m/%Y}).",
                )
        self._set("start_on", row.start_on, "Start date")
        if existing is None:
            self.plan.values["due_on"] = row.due_on
            self.plan.values["revised_due_on"] = (
                row.revised_due_on if row.revised_due_on != row.due_on else None
            )
        elif due_on is not None and due_on != existing.due_on:
            self.plan.values["revised_due_on"] = due_on
            self.plan.changes.append("Deadline")

    def _status(self) -> None:
        status = self.row.status
        if status is None and self.row.rag == RAG.BLUE:
            status = ActionStatus.COMPLETE
        if status is None:
            return
        current = self.existing.status if self.existing else ActionStatus.NOT_STARTED
        # Progress moves an action into progress: a file still saying "Not started" is no change.
        if status == ActionStatus.NOT_STARTED and current == ActionStatus.IN_PROGRESS:
            return
        if (
            self.existing is not None
            and self.existing.is_signed_off
            and status != ActionStatus.COMPLETE
        ):
            self.problem("Status", "This action is signed off by the board: it cannot be reopened.")
        self.plan.values["status"] = status
        if self.existing is not None and status != current:
            self.plan.changes.append("Status")

    def _progress(self) -> None:
        text = self.plan.progress_text = self.row.progress
        latest = self.state.latest_progress.get(self.existing.pk, "") if self.existing else ""
        if not text or text == latest.strip().replace("\r\n", "\n"):
            return
        if self.row.rag is None:
            self.problem("RAG", "Give the RAG (Red, Amber or Green) of the new progress.")
            return
        self.plan.progress = text
        self.plan.assessed_rag = AssessedRAG.GREEN if self.row.rag == RAG.BLUE else self.row.rag
        if self.existing is not None:
            self.plan.changes.append("Progress")


def plan_rows(
    rows: list[SheetRow], state: PlanState, *, create_owners: bool, file_name: str
) -> Preview:
    """The preview of importing ``rows`` over ``state``."""
    return Planner(state, create_owners=create_owners, file_name=file_name).plan(rows)
