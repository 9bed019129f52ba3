"""One row against its saved action (or none yet): the values it would write, and the changes."""

from actions.choices import ActionStatus, AssessedRAG
from inspections.choices import RAG
from spreadsheets.plan.preview import ActionPlan
from spreadsheets.plan.state import NewOwner, name_key
from spreadsheets.rows import Problem, SheetRow, split_title


class ActionComparison:
    """One row against its action (or none yet): the values it would write, and the changes."""

    def __init__(self, planner, row: SheetRow, plan: ActionPlan, errors: list):
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
        matches = self.state.people_by_name.get(name_key(name), []) if name else []
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
        agency = self.state.agencies.get(name_key(name))
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
