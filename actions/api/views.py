"""Actions and progress updates: thin viewsets whose every write is one call to an operation."""

from django.db.models import F
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from actions.api.serializers import (
    ActionProgressSerializer,
    ActionSerializer,
    CompleteSerializer,
    DeadlineRevisionSerializer,
    ProgressUpdateSerializer,
    ReviseDeadlineSerializer,
    SendBackSerializer,
    SignOffSerializer,
)
from actions.filtersets import ActionFilterSet, ProgressUpdateFilterSet
from actions.models import Action, ProgressUpdate
from actions.operations.actions import (
    complete_action,
    save_action,
    send_back_action,
    sign_off_action,
)
from actions.operations.progress import record_progress
from actions.operations.revisions import request_deadline_revision
from core.api import CountedApart, OperationWriteMixin, RulePermission, assign


def shown(actions):
    """``actions`` with what a read shows beside their columns: the service's id and RAG
    thresholds, the latest progress update (all in the actions' own query)."""
    return (
        actions.annotate(service_id=F("recommendation__inspection__service_id"))
        .with_rag_policy()
        .with_latest_update()
    )


@extend_schema(
    description="Improvement actions of the user's services. `ETag` on GET; `If-Match` on writes."
)
class ActionViewSet(
    OperationWriteMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    serializer_class = ActionSerializer
    filterset_class = ActionFilterSet
    permission_classes = [permissions.IsAuthenticated, RulePermission]
    # Members read; managers create; the action's editors change it, record progress and ask
    # for a deadline change; the board signs it off (the operations check the same rules).
    permission_rules = {
        "create": "actions.add_action",
        "update": "actions.change_action",
        "partial_update": "actions.change_action",
        "complete": "actions.change_action",
        "progress_updates": "actions.add_progressupdate",
        "revise_deadline": "actions.request_deadline_revision",
        "sign_off": "actions.sign_off_action",
        "send_back": "actions.sign_off_action",
    }

    def get_queryset(self):
        actions = Action.objects.visible_to(self.request.user)
        # A list is counted on its filters alone and annotated for its page only (``list``);
        # one action's permissions and writes read its service.
        return actions if self.action == "list" else shown(actions).with_service()

    def list(self, request, *args, **kwargs):
        """A page of actions read as rows, not model instances (``ActionListSerializer``)."""
        actions = self.filter_queryset(self.get_queryset())
        rows = shown(actions).values(*ActionSerializer.list_columns())
        page = self.paginate_queryset(CountedApart(actions, rows))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def perform_create(self, serializer):
        action = Action(**serializer.validated_data)
        return save_action(action=action, actor=self.request.user)

    def perform_update(self, serializer):
        action = assign(serializer.instance, serializer.validated_data)
        return save_action(
            action=action, actor=self.request.user, fields=serializer.validated_data.keys()
        )

    @extend_schema(
        request=ActionProgressSerializer,
        responses={201: ProgressUpdateSerializer},
    )
    @action(detail=True, methods=["post"], url_path="progress-updates")
    def progress_updates(self, request, pk=None):
        """Record progress: a narrative and the author's RAG assessment."""
        return self.create_through(
            request,
            ActionProgressSerializer,
            lambda action, **data: record_progress(action=action, author=request.user, **data),
            ProgressUpdateSerializer,
        )

    @extend_schema(
        request=ReviseDeadlineSerializer,
        responses={201: DeadlineRevisionSerializer},
    )
    @action(detail=True, methods=["post"], url_path="revise-deadline")
    def revise_deadline(self, request, pk=None):
        """Ask to move the deadline; a service manager's request is approved at once."""
        return self.create_through(
            request,
            ReviseDeadlineSerializer,
            lambda action, **data: request_deadline_revision(
                action=action, requested_by=request.user, **data
            ),
            DeadlineRevisionSerializer,
        )

    def create_through(self, request, input_class, write, output_class):
        """Validate the body, run ``write(action, **data)`` under If-Match and answer 201."""
        action = self.get_object()
        serializer = input_class(data=request.data)
        serializer.is_valid(raise_exception=True)
        created = self.guarded_write(
            request, action, lambda action: write(action, **serializer.validated_data)
        )
        return Response(output_class(created).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=CompleteSerializer, responses={200: ActionSerializer})
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        """Mark the action complete (on ``completed_on``, default today)."""
        action = self.get_object()
        serializer = CompleteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        action = self.guarded_write(
            request,
            action,
            lambda action: complete_action(
                action=action, actor=request.user, **serializer.validated_data
            ),
        )
        return self.read_response(action)

    @extend_schema(request=SignOffSerializer, responses={200: ActionSerializer})
    @action(detail=True, methods=["post"], url_path="sign-off")
    def sign_off(self, request, pk=None):
        """The board accepts the completed action (the chair, or a member where the board
        allows; never the person who completed it), with an optional comment and meeting."""
        return self.board_decision(request, SignOffSerializer, sign_off_action)

    @extend_schema(request=SendBackSerializer, responses={200: ActionSerializer})
    @action(detail=True, methods=["post"], url_path="send-back")
    def send_back(self, request, pk=None):
        """The board does not accept the completed action: back to its owner, in progress,
        with the board's comment."""
        return self.board_decision(request, SendBackSerializer, send_back_action)

    def board_decision(self, request, input_class, decide):
        action = self.get_object()
        serializer = input_class(data=request.data)
        serializer.is_valid(raise_exception=True)
        action = self.guarded_write(
            request,
            action,
            lambda action: decide(action=action, actor=request.user, **serializer.validated_data),
        )
        return self.read_response(action)


class ProgressUpdateViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Progress updates of the user's services, newest first. Append only."""

    serializer_class = ProgressUpdateSerializer
    filterset_class = ProgressUpdateFilterSet
    permission_classes = [permissions.IsAuthenticated, RulePermission]
    permission_rules = {"create": "actions.add_progressupdate"}

    def get_queryset(self):
        return ProgressUpdate.objects.visible_to(self.request.user)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        action = Action.objects.with_service().get(pk=data.pop("action").pk)
        serializer.instance = record_progress(action=action, author=self.request.user, **data)
