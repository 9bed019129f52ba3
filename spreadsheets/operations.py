"""Importing a plan: the preview (a dry run that writes nothing) and the import itself, which
writes every row in one transaction through the same operations as hand entry (events recorded,
RAG computed) or, on any error, nothing at all.

Re-importing the file just imported changes nothing: rows whose values match the saved plan
call no operation, so no event is recorded.
"""

import hashlib
from dataclasses import replace
from datetime import date
from functools import cached_property
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from actions.choices import ActionStatus
from actions.models import Action
from actions.operations.actions import complete_action, create_actions, save_action
from actions.operations.progress import record_progress, record_progress_updates
from actions.operations.recommendations import create_recommendations, save_recommendation
from actions.operations.revisions import request_deadline_revision
from actions.rollup import rollups_deferred
from core import clock
from inspections.models import Inspection, Recommendation
from spreadsheets.columns import match_headings
from spreadsheets.invitations import invite_owner
from spreadsheets.models import PlanImport, PlanImportStatus
from spreadsheets.plan import ActionPlan, Preview, load_state, plan_rows
from spreadsheets.reading import FileRefused, open_sheet
from spreadsheets.rows import HEADING_OF, Problem, read_rows
from tenancy.models import PartnerAgency
from tenancy.rules import require

DETAIL_FIELDS = ("title", "description", "owner_id", "lead_agency_id", "start_on")


def preview_plan_import(
    *,
    inspection: Inspection,
    actor,
    content: bytes,
    file_name: str,
    mapping: dict[str, str] | None = None,
    create_owners: bool = False,
) -> Preview:
    """What importing ``content`` into ``inspection`` would do; writes nothing."""
    require(actor, "inspections.import_plan", inspection)
    try:
        sheet = open_sheet(content, mapping)
        match = match_headings(sheet.headings, mapping)
        rows = read_rows(sheet, match)
    except FileRefused as refused:
        return Preview(errors=[Problem(None, None, str(refused))])
    preview = plan_rows(
        rows, load_state(inspection, actor), create_owners=create_owners, file_name=file_name
    )
    preview.unrecognised = match.unrecognised
    _name_columns_as_the_file_does(preview, match, sheet.headings)
    preview.warnings[:0] = _heading_warnings(match, sheet.heading_row)
    if not rows:
        preview.errors.append(Problem(None, None, "The sheet has headings but no rows of plan."))
    return preview


def _name_columns_as_the_file_does(preview: Preview, match, headings: list[str]) -> None:
    """Problems name a column by the file's heading ("Lead officer"), not the template's."""
    names = {HEADING_OF[key]: headings[position] for key, position in match.positions.items()}
    for problems in (preview.errors, preview.warnings):
        problems[:] = [
            replace(p, column=names.get(p.column, p.column)) if p.column else p for p in problems
        ]


def _heading_warnings(match, heading_row: int) -> list[Problem]:
    ignored = [
        Problem(heading_row, name, "Not a column yjtracker knows: ignored unless you map it.")
        for name in match.unrecognised
    ]
    return ignored + [
        Problem(heading_row, name, "A second column of the same kind: ignored.")
        for name in match.duplicates
    ]


@transaction.atomic
def import_plan(
    *,
    inspection: Inspection,
    actor,
    content: bytes,
    file_name: str,
    mapping: dict[str, str] | None = None,
    create_owners: bool = False,
    plan_import: PlanImport | None = None,
    today: date | None = None,
) -> Preview:
    """Import ``content`` when its preview has no errors; otherwise write nothing and return
    the preview with them. Two imports into one inspection run one after the other."""
    Inspection.objects.select_for_update().get(pk=inspection.pk)
    preview = preview_plan_import(
        inspection=inspection,
        actor=actor,
        content=content,
        file_name=file_name,
        mapping=mapping,
        create_owners=create_owners,
    )
    if preview.errors:
        return preview
    PlanWriter(inspection, actor, file_name, today or clock.today()).write(preview)
    if preview.errors:
        transaction.set_rollback(True)
        return preview
    _record(plan_import, inspection, actor, content, file_name, mapping, create_owners, preview)
    return preview


def _record(plan_import, inspection, actor, content, file_name, mapping, create_owners, preview):
    plan_import = plan_import or PlanImport(
        inspection=inspection,
        uploaded_by=actor,
        file_name=file_name,
        content=content,
        sha256=hashlib.sha256(content).hexdigest(),
        mapping=mapping or {},
        create_owners=create_owners,
    )
    plan_import.status = PlanImportStatus.IMPORTED
    plan_import.imported_at = clock.now()
    plan_import.summary = preview.report()
    plan_import.save()


class PlanWriter:
    """Writes a preview through the plan's operations. An operation's refusal (a rule only it
    knows) becomes an error on the row, and the caller rolls everything back."""

    def __init__(self, inspection, actor, file_name: str, today: date):
        self.inspection, self.actor, self.today = inspection, actor, today
        self.file_name = file_name
        self.recommendations: dict[int, Recommendation] = {}
        self.owners: dict[str, Any] = {}

    @cached_property
    def agencies(self) -> dict[int, PartnerAgency]:
        """The service's partner agencies by id, read when a new action names one."""
        return PartnerAgency.objects.filter(service_id=self.inspection.service_id).in_bulk()

    def write(self, preview: Preview) -> None:
        # Each recommendation's and the inspection's RAG re-rolled once, not once per row.
        with rollups_deferred(today=self.today, actor=self.actor):
            self._write(preview)

    def _write(self, preview: Preview) -> None:
        for email, owner in preview.new_owners.items():
            self.owners[email] = invite_owner(
                owner=owner, service=self.inspection.service, invited_by=self.actor
            )
        self._create_recommendations(preview)
        for number, planned in preview.recommendations.items():
            if number not in self.recommendations:
                self.recommendations[number] = self._recommendation(planned)
        changed = [plan for plan in preview.actions if plan.outcome != "unchanged"]
        batch = [plan for plan in changed if self._plain_new(plan)]
        # Refused as a whole, the batch is written row by row below, to say which rows and why.
        written = {id(plan) for plan in batch} if self._create_batch(batch) else set()
        for plan in changed:
            if id(plan) in written:
                continue
            try:
                self._action(plan)
            except ValidationError as refused:
                preview.errors.append(Problem(plan.row, None, " ".join(refused.messages)))

    def _create_recommendations(self, preview: Preview) -> None:
        """The new recommendations in one batch (the same rules and events as one by one);
        refused, they are left to be written one by one, to say why."""
        new = [
            Recommendation(inspection=self.inspection, number=planned.number, text=planned.text)
            for planned in preview.recommendations.values()
            if planned.existing is None
        ]
        if not new:
            return
        try:
            with transaction.atomic():
                create_recommendations(recommendations=new, actor=self.actor)
        except (ValidationError, IntegrityError):
            return
        self.recommendations.update(
            (recommendation.number, recommendation) for recommendation in new
        )

    @staticmethod
    def _plain_new(plan: ActionPlan) -> bool:
        """A new action that is only created (and given progress): written in one batch."""
        values = plan.values
        return (
            plan.existing is None
            and not values.get("revised_due_on")
            and values.get("status") != ActionStatus.COMPLETE
        )

    def _create_batch(self, plans: list[ActionPlan]) -> bool:
        """Create these actions and their progress with the batch operations (the same rules
        and events as row by row, in a fixed number of queries). False, with nothing written,
        when a rule refuses one of them: the caller then writes them row by row."""
        if not plans:
            return True
        try:
            with transaction.atomic():
                actions = create_actions(
                    actions=[self._new_action(plan) for plan in plans],
                    actor=self.actor,
                    today=self.today,
                )
                progress = [
                    (action, plan.progress, plan.assessed_rag)
                    for action, plan in zip(actions, plans, strict=True)
                    if plan.progress
                ]
                record_progress_updates(progress=progress, author=self.actor)
        except (ValidationError, IntegrityError):
            return False
        return True

    def _recommendation(self, planned) -> Recommendation:
        if planned.existing is not None:
            planned.existing.inspection = self.inspection  # read once, not per recommendation
        if planned.outcome == "unchanged":
            return planned.existing
        recommendation = planned.existing or Recommendation(
            inspection=self.inspection, number=planned.number
        )
        recommendation.text = planned.text
        return save_recommendation(recommendation=recommendation, actor=self.actor, fields=["text"])

    def _action(self, plan: ActionPlan) -> None:
        values = plan.values
        if plan.new_owner is not None:
            values["owner_id"] = self.owners[plan.new_owner.email].pk
        action = self._create(plan) if plan.existing is None else self._update(plan)
        if values.get("revised_due_on") and (plan.existing is None or "Deadline" in plan.changes):
            self._revise(action, values["revised_due_on"])
        if plan.progress:
            record_progress(
                action=action,
                author=self.actor,
                narrative=plan.progress,
                assessed_rag=plan.assessed_rag,
            )
        if values.get("status") == ActionStatus.COMPLETE and not action.is_complete:
            action.refresh_from_db()
            complete_action(
                action=action,
                actor=self.actor,
                closing_statement=plan.progress_text
                or f"Imported as complete from {self.file_name}.",
                today=self.today,
            )

    def _create(self, plan: ActionPlan) -> Action:
        return save_action(action=self._new_action(plan), actor=self.actor, today=self.today)

    def _new_action(self, plan: ActionPlan) -> Action:
        """The unsaved action a new row describes, its relations given as instances."""
        values = plan.values
        status = values.get("status")
        new_owner = plan.new_owner
        owner = self.owners[new_owner.email] if new_owner is not None else values["owner"]
        agency_id = values.get("lead_agency_id")
        return Action(
            recommendation=self.recommendations[plan.number],
            reference=plan.reference,
            title=values.get("title", ""),
            description=values.get("description", ""),
            owner=owner,
            lead_agency=self.agencies[agency_id] if agency_id else None,
            start_on=values.get("start_on"),
            due_on=values["due_on"],
            status=ActionStatus.IN_PROGRESS
            if status == ActionStatus.IN_PROGRESS
            else ActionStatus.NOT_STARTED,
        )

    def _update(self, plan: ActionPlan) -> Action:
        assert plan.existing is not None
        action = Action.objects.get(pk=plan.existing.pk)
        changed = [
            f for f in DETAIL_FIELDS if f in plan.values and getattr(action, f) != plan.values[f]
        ]
        status = plan.values.get("status")
        if status and status != ActionStatus.COMPLETE and status != action.status:
            changed.append("status")
        for field_name in changed:
            setattr(action, field_name, plan.values[field_name])
        if changed:
            action = save_action(action=action, actor=self.actor, today=self.today, fields=changed)
        return action

    def _revise(self, action: Action, due_on: date) -> None:
        request_deadline_revision(
            action=action,
            requested_by=self.actor,
            due_on=due_on,
            reason=f"Revised deadline imported from {self.file_name}.",
            confirm_past_deadline=True,
            today=self.today,
        )
