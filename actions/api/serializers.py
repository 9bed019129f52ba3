"""Shapes of actions, progress updates and deadline revisions in the API (shape only)."""

from operator import itemgetter

from django.contrib.auth import get_user_model
from django.utils import timezone
from rest_framework import serializers

from actions.api.plan_serializers import VisibleRelatedField
from actions.choices import ACTION_RAGS
from actions.models import (
    RAG_INPUTS,
    Action,
    DeadlineRevision,
    ProgressUpdate,
    assess_rag_of,
    latest_update_from_row,
)
from actions.rag import RagPolicy
from core import clock
from core.api import (
    FastReadMixin,
    IdField,
    ModelSerializer,
    StrictCharField,
    reading_serializer,
    refuse_change,
)
from inspections.models import Recommendation
from tenancy.filtering import visible_users
from tenancy.models import BoardMeeting, PartnerAgency


class VisibleUserField(IdField):
    """A user id that must name someone holding a role in a service the requester can see."""

    def get_queryset(self):
        request = self.context.get("request")
        return visible_users(request) if request else get_user_model().objects.none()


class ProgressUpdateSerializer(ModelSerializer):
    action = VisibleRelatedField(queryset=Action.objects.all())

    class Meta:
        model = ProgressUpdate
        fields = [
            "id",
            "action",
            "author",
            "contributor_name",
            "recorded_at",
            "narrative",
            "assessed_rag",
        ]
        # A contributor without an account writes through an update link, never the API.
        read_only_fields = ["author", "contributor_name", "recorded_at"]


class ActionProgressSerializer(ModelSerializer):
    """A progress update posted to ``actions/{id}/progress-updates/`` (the action is the URL's)."""

    class Meta:
        model = ProgressUpdate
        fields = ["narrative", "assessed_rag"]


class LatestUpdateSerializer(FastReadMixin, ModelSerializer):
    """The action's most recent progress update, from ``Action.objects.with_latest_update()``
    (a subquery of the actions' own query)."""

    author = serializers.IntegerField(source="author_id", allow_null=True)

    class Meta:
        model = ProgressUpdate
        fields = ["id", "author", "contributor_name", "recorded_at", "narrative", "assessed_rag"]

    def get_attribute(self, instance):
        return latest_update_from_row(getattr(instance, "latest_update_row", None))

    def to_representation(self, row):
        # A dict from the JSON subquery, read in bulk: its keys are the fields' columns.
        readers = self.__dict__.get("_readers")
        if readers is None:
            readers = self._readers = self.row_readers()
        return {name: read(row) for name, read in readers}


# What a list row holds besides its fields' own columns: the latest update's JSON object, the
# service's thresholds (``with_rag_policy``) and what the RAG is computed from.
ROW_EXTRA_COLUMNS = ("latest_update_row", "rag_due_soon_days", "rag_stale_after_days", *RAG_INPUTS)


class ActionListSerializer(serializers.ListSerializer):
    """A page of actions read as ``values()`` rows (``ActionSerializer.list_columns()``), not
    model instances: each row shown exactly as ``ActionSerializer`` shows the action (the same
    fields and formats; a test compares the two byte for byte), ``rag_reason`` computed from
    the row by ``assess_rag_of``, the rule every RAG is computed with. On a page of 100, the
    instances and DRF's per-field dispatch were most of the list's own cost."""

    def to_representation(self, data):
        reading = reading_serializer(ActionSerializer, timezone.get_current_timezone())
        readers = reading.row_readers_for(clock.today())
        return [{name: read(row) for name, read in readers} for row in data]


class ActionSerializer(FastReadMixin, ModelSerializer):
    """An action. The deadline moves only through ``revise-deadline``; RAG is computed."""

    recommendation = VisibleRelatedField(queryset=Recommendation.objects.all())
    owner = VisibleUserField()
    lead_agency = VisibleRelatedField(
        queryset=PartnerAgency.objects.all(), required=False, allow_null=True
    )
    rag = serializers.ChoiceField(choices=[(r.value, r.label) for r in ACTION_RAGS], read_only=True)
    # Annotated by the view (``service_id``), so lists need not join the service's rows.
    service = serializers.IntegerField(source="service_id", read_only=True)
    latest_update = LatestUpdateSerializer(read_only=True, allow_null=True)
    rag_reason = serializers.SerializerMethodField(
        help_text='Why the action has its RAG today, in words: "12 days overdue", "Due in 9 days".'
    )

    class Meta:
        model = Action
        fields = [
            "id",
            "service",
            "recommendation",
            "reference",
            "title",
            "description",
            "owner",
            "lead_agency",
            "start_on",
            "original_due_on",
            "due_on",
            "status",
            "rag",
            "rag_reason",
            "completed_on",
            "completed_by",
            "closing_statement",
            "signed_off_at",
            "signed_off_by",
            "sign_off_comment",
            "signed_off_meeting",
            "latest_update",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "original_due_on",
            "completed_by",
            "signed_off_at",
            "signed_off_by",
            "sign_off_comment",
            "signed_off_meeting",
            "created_at",
            "updated_at",
        ]
        # Uniqueness is the model's rule (a 400 from the operation), not the serializer's.
        validators: list = []
        list_serializer_class = ActionListSerializer

    def get_rag_reason(self, action: Action) -> str:
        # No query: the view annotates the service's thresholds (``with_rag_policy``).
        return action.assess_rag(clock.today()).reason

    @classmethod
    def list_columns(cls) -> list[str]:
        """The ``values()`` columns a list row is read from (see ``ActionListSerializer``)."""
        reading = reading_serializer(cls, timezone.get_current_timezone())
        return list(dict.fromkeys([*reading.row_columns(), *ROW_EXTRA_COLUMNS]))

    def row_readers_for(self, today):
        """``row_readers`` with the latest update and the reason for the RAG on ``today``."""
        latest = self.fields["latest_update"]
        rag_inputs = itemgetter(*RAG_INPUTS)

        def latest_update(row):
            update = latest_update_from_row(row["latest_update_row"])
            return None if update is None else latest.to_representation(update)

        def rag_reason(row):
            policy = RagPolicy.of_row(row)
            return assess_rag_of(*rag_inputs(row), today=today, policy=policy).reason

        return self.row_readers(latest_update=latest_update, rag_reason=rag_reason)

    def validate(self, attrs):
        refuse_change(self, attrs, "recommendation")
        if self.instance is not None and attrs.get("due_on", self.instance.due_on) != (
            self.instance.due_on
        ):
            raise serializers.ValidationError(
                {"due_on": "Move the deadline with revise-deadline, giving a reason."}
            )
        return attrs


class ReviseDeadlineSerializer(serializers.Serializer):
    due_on = serializers.DateField()
    reason = StrictCharField()
    confirm_past_deadline = serializers.BooleanField(
        required=False,
        default=False,
        help_text="A service manager's confirmation that the new deadline is meant to be past.",
    )


class CompleteSerializer(serializers.Serializer):
    closing_statement = StrictCharField(
        max_length=4000, help_text="What was done and its impact: what the board signs off on."
    )
    completed_on = serializers.DateField(
        required=False, allow_null=True, help_text="Defaults to today."
    )


class SignOffSerializer(serializers.Serializer):
    comment = StrictCharField(max_length=2000, required=False, allow_blank=True, default="")
    meeting = serializers.PrimaryKeyRelatedField(
        queryset=BoardMeeting.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text="The board meeting that agreed it (one of the service's board's meetings).",
    )


class SendBackSerializer(serializers.Serializer):
    comment = StrictCharField(
        max_length=2000, help_text="What the board needs before it can sign the action off."
    )


class DeadlineRevisionSerializer(ModelSerializer):
    class Meta:
        model = DeadlineRevision
        fields = [
            "id",
            "action",
            "previous_due_on",
            "requested_due_on",
            "reason",
            "status",
            "requested_by",
            "requested_at",
            "decided_by",
            "decided_at",
        ]
        read_only_fields = fields
