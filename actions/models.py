"""Improvement actions, their deadline revisions and their progress updates."""

import copy
from datetime import UTC, date
from functools import cache

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models, router
from django.db.models import F, JSONField, OuterRef, Q, Subquery
from django.db.models.functions import JSONObject
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from actions import deadlines
from actions import rag as rag_rules
from actions.choices import ACTION_RAGS, ActionStatus, AssessedRAG, RevisionStatus
from core.fields import BoundedTextField
from inspections.choices import RAG
from inspections.models import Recommendation
from tenancy.models import PartnerAgency, ServiceScopedQuerySet
from tenancy.rules import role_in

# The latest progress update's columns that lists show with an action.
LATEST_UPDATE_COLUMNS = (
    "id",
    "author_id",
    "contributor_name",
    "recorded_at",
    "narrative",
    "assessed_rag",
)


def latest_update_from_row(row: dict | None) -> dict | None:
    """``with_latest_update``'s JSON object as Python values: ``recorded_at`` an aware datetime
    (PostgreSQL writes it with its offset, SQLite as naive UTC text)."""
    if row is None:
        return None
    recorded_at = parse_datetime(row["recorded_at"])
    if recorded_at is not None and timezone.is_naive(recorded_at):
        recorded_at = timezone.make_aware(recorded_at, UTC)
    return {**row, "recorded_at": recorded_at}


# HMIP looks for the impact of what was done, not only that it was done.
CLOSING_STATEMENT_MESSAGE = (
    "Say what was done and its impact: the board signs the action off on this statement."
)


def overdue_condition(today: date) -> Q:
    """``deadlines.is_overdue`` for open actions, as a database condition (for filters and
    aggregate counts alike)."""
    return Q(due_on__lt=today) & ~Q(status=ActionStatus.COMPLETE)


PAST_DEADLINE_MESSAGE = (
    "The new deadline is in the past. Only a service manager can set a past deadline, "
    "by confirming that it is meant."
)


class ActionQuerySet(ServiceScopedQuerySet):
    """Questions about many actions. "Overdue" and "due soon" are defined here and nowhere else."""

    def open(self):
        """Actions not yet complete."""
        return self.exclude(status=ActionStatus.COMPLETE)

    def overdue(self, today: date):
        """Open actions whose current deadline is before ``today``."""
        return self.filter(overdue_condition(today))

    def due_within(self, today: date, days: int):
        """Open actions due between today and ``days`` days from now, both inclusive."""
        return self.open().filter(
            due_on__gte=today, due_on__lte=deadlines.due_window_end(today, days)
        )

    def owned_by(self, user):
        return self.filter(owner=user)

    def awaiting_sign_off(self):
        """Complete actions the board has not yet signed off."""
        return self.filter(status=ActionStatus.COMPLETE, signed_off_at__isnull=True)

    def with_rag_policy(self):
        """Annotates the service's RAG thresholds (``Action.rag_policy``) without its row."""
        service = self.model.SERVICE_PATH
        return self.annotate(
            rag_due_soon_days=F(f"{service}__rag_due_soon_days"),
            rag_stale_after_days=F(f"{service}__rag_stale_after_days"),
        )

    def with_latest_update(self):
        """Annotates ``latest_update_row``: the latest progress update's columns as one JSON
        object (or None), read by a subquery in the same query as the actions, not a second one.
        ``latest_update_from_row`` turns it back into Python values."""
        return self.annotate(latest_update_row=self._latest_update_subquery())

    @staticmethod
    @cache
    def _latest_update_subquery() -> Subquery:
        # Built once: building it costs more than the rest of a list's queryset, and each use
        # resolves a copy of it (the one built is never changed).
        latest = (
            ProgressUpdate.objects.filter(action=OuterRef("pk"))
            .order_by("-recorded_at", "-id")
            .values(json=JSONObject(**{name: name for name in LATEST_UPDATE_COLUMNS}))[:1]
        )
        return Subquery(latest, output_field=JSONField())

    def with_service(self):
        """Joins what ``compute_rag`` and lists need, in the same query."""
        return self.select_related("recommendation__inspection__service")


class Action(models.Model):
    """An improvement action carrying out (part of) a recommendation, e.g. ``1a``.

    ``original_due_on`` is the deadline first agreed and never changes; ``due_on`` is the current
    one, moved only through an approved ``DeadlineRevision``. ``rag`` is stored (indexed) and
    recomputed on every change and nightly, because it depends on the date.
    ``last_progress_on`` and ``last_assessed_rag`` mirror the latest progress update so the RAG of
    many actions is computed without reading their updates.
    """

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.PROTECT, related_name="actions"
    )
    reference = models.CharField(max_length=12, help_text="E.g. 1a, 1b.")
    title = models.CharField(max_length=200)
    description = BoundedTextField(blank=True, max_length=5000)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="owned_actions"
    )
    lead_agency = models.ForeignKey(
        PartnerAgency, on_delete=models.PROTECT, null=True, blank=True, related_name="led_actions"
    )
    start_on = models.DateField("start date", null=True, blank=True)
    original_due_on = models.DateField("original deadline")
    due_on = models.DateField("current deadline", db_index=True)
    due_on_set_on = models.DateField(
        "deadline set on",
        null=True,
        blank=True,
        editable=False,
        help_text="When a revision last set the deadline. Overdue reminders and escalations count "
        "from the later of this and the deadline, so a deadline moved into the past does not "
        "fire every escalation at once.",
    )
    status = models.CharField(
        max_length=20, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED
    )
    completed_on = models.DateField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="completed_actions",
        help_text="Who marked it complete: they cannot also sign it off.",
    )
    closing_statement = BoundedTextField(
        max_length=4000,
        blank=True,
        help_text="What was done and its impact: the evidence the board signs off on.",
    )
    signed_off_at = models.DateTimeField(null=True, blank=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="signed_off_actions",
    )
    sign_off_comment = BoundedTextField(max_length=2000, blank=True, editable=False)
    signed_off_meeting = models.ForeignKey(
        "tenancy.BoardMeeting",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="signed_off_actions",
        help_text="The board meeting that agreed the sign-off, if recorded.",
    )
    rag = models.CharField(
        "RAG", max_length=10, choices=RAG.choices, default=RAG.GREEN, db_index=True
    )
    last_progress_on = models.DateField(null=True, blank=True, editable=False)
    last_assessed_rag = models.CharField(
        max_length=10, choices=AssessedRAG.choices, blank=True, editable=False
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    SERVICE_PATH = "recommendation__inspection__service"
    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "id"]
        permissions = [("sign_off_action", "Can sign off a completed action")]
        indexes = [models.Index(fields=["owner", "status"], name="action_owner_status")]
        constraints = [
            models.UniqueConstraint(
                fields=["recommendation", "reference"],
                name="unique_action_reference_per_recommendation",
                violation_error_message="This recommendation already has an action with this reference.",
            ),
            models.CheckConstraint(
                condition=Q(start_on__isnull=True) | Q(due_on__gte=F("start_on")),
                name="deadline_not_before_start",
                violation_error_message="The deadline cannot be before the start date.",
            ),
            models.CheckConstraint(
                condition=Q(start_on__isnull=True) | Q(original_due_on__gte=F("start_on")),
                name="original_deadline_not_before_start",
                violation_error_message="The original deadline cannot be before the start date.",
            ),
            models.CheckConstraint(
                condition=Q(status=ActionStatus.COMPLETE, completed_on__isnull=False)
                | (~Q(status=ActionStatus.COMPLETE) & Q(completed_on__isnull=True)),
                name="completed_on_iff_complete",
                violation_error_message="A complete action needs a completion date, and only a complete one.",
            ),
            models.CheckConstraint(
                condition=Q(signed_off_at__isnull=True, signed_off_by__isnull=True)
                | Q(
                    signed_off_at__isnull=False,
                    signed_off_by__isnull=False,
                    status=ActionStatus.COMPLETE,
                ),
                name="sign_off_needs_complete_and_signer",
                violation_error_message="Only a complete action can be signed off, and sign-off records who.",
            ),
            models.CheckConstraint(
                condition=Q(rag__in=ACTION_RAGS),
                name="action_rag_is_red_amber_green_or_blue",
                violation_error_message="An action's RAG is red, amber, green or blue.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    @property
    def service(self):
        return self.recommendation.inspection.service

    @property
    def is_complete(self) -> bool:
        return self.status == ActionStatus.COMPLETE

    @property
    def is_signed_off(self) -> bool:
        return self.signed_off_at is not None

    def last_activity_on(self) -> date:
        """The date staleness counts from (see ``last_activity_on``)."""
        return last_activity_on(self.last_progress_on, self.start_on, self.created_at)

    def compute_rag(self, today: date, policy: rag_rules.RagPolicy | None = None) -> str:
        """This action's RAG on ``today`` under its service's thresholds (see ``actions.rag``)."""
        return self.assess_rag(today, policy).rag

    def assess_rag(
        self, today: date, policy: rag_rules.RagPolicy | None = None
    ) -> rag_rules.RagAssessment:
        """This action's RAG on ``today`` with its reason (see ``actions.rag.assess_rag``)."""
        inputs = (getattr(self, name) for name in RAG_INPUTS)
        return assess_rag_of(*inputs, today=today, policy=policy or self.rag_policy())

    def rag_policy(self) -> rag_rules.RagPolicy:
        """The service's thresholds: annotated by ``with_rag_policy()`` on lists, else read from
        the service."""
        if hasattr(self, "rag_due_soon_days") and hasattr(self, "rag_stale_after_days"):
            return rag_rules.RagPolicy.of(self)
        return rag_rules.RagPolicy.of(self.service)

    def validate_deadline(self, due_on: date, field: str = "due_on") -> None:
        """Whether the deadline may become ``due_on``: the action is still open and its own
        constraints hold with the new date (so "not before the start date" is said once, by the
        constraint). Errors are given under ``field``."""
        if self.is_complete:
            raise ValidationError({field: "A complete action's deadline cannot move."})
        moved = copy.copy(self)
        moved.due_on = due_on
        # Only the constraints on the dates: the rest of the row is as it was saved.
        other_fields = {f.name for f in self._meta.concrete_fields} - {"due_on", "start_on"}
        try:
            moved.validate_constraints(exclude=other_fields)
        except ValidationError as error:
            raise ValidationError({field: error.messages}) from None

    def validate_not_past(
        self, due_on: date, *, today: date, confirmed: bool, field: str = "due_on"
    ) -> None:
        """A deadline moved before ``today`` (overdue at once) needs ``confirmed``: a service
        manager's explicit confirmation that it is meant (say, to record a date already missed)."""
        if deadlines.is_overdue(due_on, today) and not confirmed:
            raise ValidationError({field: PAST_DEADLINE_MESSAGE})

    def clean(self) -> None:
        if not self.recommendation_id:
            return
        service_id = self.recommendation.inspection.service_id
        agency = self.lead_agency if self.lead_agency_id else None
        if agency is not None and agency.service_id != service_id:
            raise ValidationError(
                {"lead_agency": "This agency does not work with the action's service."}
            )
        if self.owner_id and not self._owner_works_in(service_id):
            raise ValidationError({"owner": "The owner must hold a role in the action's service."})
        if self.is_complete and not self.closing_statement.strip():
            raise ValidationError({"closing_statement": CLOSING_STATEMENT_MESSAGE})

    def _owner_works_in(self, service_id) -> bool:
        # No user ever sees another service's data, so an owner from elsewhere could not
        # even open the action they own.
        # Asked through the roles ``tenancy.rules`` memoises on the user: one query per owner,
        # and none in a batch of writes that read its owners' roles at once (``read_roles``).
        if self.owner.is_superuser:
            return True
        return role_in(self.owner, service_id) is not None


# What an action's RAG is computed from, as ``values_list`` names: the nightly recalculation
# reads these tuples, not model instances, and passes them to ``assess_rag_of``.
RAG_INPUTS = ("status", "due_on", "last_assessed_rag", "last_progress_on", "start_on", "created_at")


def last_activity_on(last_progress_on: date | None, start_on: date | None, created_at) -> date:
    """The date staleness counts from: the latest update, else the start, else creation."""
    if last_progress_on:
        return last_progress_on
    if start_on:
        return start_on
    return timezone.localdate(created_at)


def assess_rag_of(
    status, due_on, last_assessed_rag, last_progress_on, start_on, created_at, *, today, policy
) -> rag_rules.RagAssessment:
    """The RAG (and why) of an action whose ``RAG_INPUTS`` are these, on ``today``."""
    return rag_rules.assess_rag(
        complete=status == ActionStatus.COMPLETE,
        due_on=due_on,
        latest_assessed_rag=last_assessed_rag or None,
        last_activity_on=last_activity_on(last_progress_on, start_on, created_at),
        today=today,
        policy=policy,
    )


class DeadlineRevision(models.Model):
    """A request to move an action's deadline, with the reason, and the manager's decision.

    A service manager's own revision is approved as it is made. At most one is pending per action.
    """

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="deadline_revisions")
    previous_due_on = models.DateField("from")
    requested_due_on = models.DateField("to")
    reason = BoundedTextField(max_length=2000)
    status = models.CharField(
        max_length=10, choices=RevisionStatus.choices, default=RevisionStatus.PENDING
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    SERVICE_PATH = "action__recommendation__inspection__service"
    objects = ServiceScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["action"],
                condition=Q(status=RevisionStatus.PENDING),
                name="one_pending_revision_per_action",
                violation_error_message="A deadline change is already awaiting approval for this action.",
            ),
            models.CheckConstraint(
                condition=~Q(requested_due_on=F("previous_due_on")),
                name="revision_changes_the_date",
                violation_error_message="The new deadline is the same as the current one.",
            ),
            models.CheckConstraint(
                condition=~Q(reason=""),
                name="revision_has_reason",
                violation_error_message="Give a reason for moving the deadline.",
            ),
        ]

    # The field each constraint is about, so its message is shown beside that field.
    CONSTRAINT_FIELDS = {
        "one_pending_revision_per_action": "requested_due_on",
        "revision_changes_the_date": "requested_due_on",
        "revision_has_reason": "reason",
    }

    def __str__(self) -> str:
        return f"{self.previous_due_on} → {self.requested_due_on} ({self.get_status_display()})"

    def clean(self) -> None:
        """The action allows the requested date (see ``Action.validate_deadline``)."""
        if self.action_id and self.requested_due_on:
            self.action.validate_deadline(self.requested_due_on, field="requested_due_on")

    def validate_constraints(self, exclude=None) -> None:
        """Django's check of the constraints, each message keyed by ``CONSTRAINT_FIELDS``."""
        using = router.db_for_write(type(self), instance=self)
        errors: dict[str, list[ValidationError]] = {}
        for constraint in self._meta.constraints:
            try:
                constraint.validate(type(self), self, exclude=exclude, using=using)
            except ValidationError as error:
                field = self.CONSTRAINT_FIELDS.get(constraint.name, NON_FIELD_ERRORS)
                errors.setdefault(field, []).append(error)
        if errors:
            raise ValidationError(errors)


class ProgressUpdate(models.Model):
    """A dated progress note on an action with its author's RAG assessment. Append-only.

    ``author`` is the person with an account who wrote it; ``contributor_name`` names who wrote
    it through an update link (a partner contact has no account, so no author): one of the two
    is always there.
    """

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="progress_updates")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="progress_updates",
    )
    contributor_name = models.CharField(
        max_length=160, blank=True, help_text="Who wrote it through an update link."
    )
    recorded_at = models.DateTimeField(default=timezone.now, db_index=True)
    narrative = BoundedTextField(max_length=10000)
    assessed_rag = models.CharField("assessed RAG", max_length=10, choices=AssessedRAG.choices)

    SERVICE_PATH = "action__recommendation__inspection__service"
    objects = ServiceScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-recorded_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(narrative=""),
                name="progress_update_has_narrative",
                violation_error_message="Describe the progress made.",
            ),
            models.CheckConstraint(
                condition=Q(author__isnull=False) | ~Q(contributor_name=""),
                name="progress_update_has_author_or_contributor",
                violation_error_message="Say who wrote the update.",
            ),
        ]

    def __str__(self) -> str:
        return f"{timezone.localtime(self.recorded_at):%d %b %Y}: {self.get_assessed_rag_display()}"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise ValidationError("Progress updates cannot be changed once recorded.")
        super().save(*args, **kwargs)

    @property
    def written_by(self) -> str:
        """Who wrote it, for people: the contributor named by the link, else the author's name."""
        if self.contributor_name or self.author is None:
            return self.contributor_name
        return self.author.get_full_name() or self.author.get_username()
