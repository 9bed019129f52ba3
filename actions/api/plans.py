"""Thin viewsets: visible querysets, a serializer, the shared FilterSet, writes via operations."""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from actions.api import summary
from actions.api.plan_serializers import (
    FrameworkSerializer,
    InspectionSerializer,
    RecommendationSerializer,
    ServiceSerializer,
    UserSerializer,
)
from actions.operations.recommendations import save_recommendation
from actions.operations.service_settings import change_service_settings
from actions.rollup import rag_counts
from core import clock
from core.api import OperationWriteMixin, RulePermission, assign
from inspections.filtersets import InspectionFilterSet, RecommendationFilterSet, UserFilterSet
from inspections.models import Framework, Inspection, Recommendation
from inspections.operations import save_inspection
from tenancy.filtering import visible_users
from tenancy.models import ServiceMembership, YouthJusticeService, visible_service_ids

FRAMEWORK_PREFETCH = ("rating_levels", "score_bands", "domains__standards")


class RagCountsMixin:
    """Computes the ``RagCounts`` of every object being serialized in one aggregate.

    ``rag_counts_of(ids)`` returns ``{pk: RagCounts}``; the counts reach the serializer through
    its context, so no row triggers a query of its own.
    """

    def get_serializer(self, *args, **kwargs):
        if args and args[0] is not None:
            objects = args[0] if isinstance(args[0], list | tuple) else [args[0]]
            self.page_rag_counts = self.rag_counts_of([obj.pk for obj in objects])
        return super().get_serializer(*args, **kwargs)

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["rag_counts"] = getattr(self, "page_rag_counts", {})
        return context


class ServiceViewSet(viewsets.ModelViewSet):
    """Youth justice services the user holds a role in. Written by administrators only."""

    serializer_class = ServiceSerializer
    permission_classes = [permissions.IsAuthenticated, RulePermission]
    # Services are set up by operators: no rule grants these to anyone but a superuser.
    permission_rules = {
        "create": "tenancy.add_youthjusticeservice",
        "update": "tenancy.set_up_youthjusticeservice",
        "partial_update": "tenancy.set_up_youthjusticeservice",
    }
    # A service with a plan is never deleted through the API (its rows are protected).
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_queryset(self):
        services = YouthJusticeService.objects.visible_to(self.request.user)
        if self.action == "summary":
            return services
        return services.select_related("board").prefetch_related("local_authorities")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        authorities = data.pop("local_authorities", [])
        serializer.instance = change_service_settings(
            service=YouthJusticeService(**data),
            actor=self.request.user,
            local_authorities=authorities,
        )

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        authorities = data.pop("local_authorities", None)
        service = assign(serializer.instance, data)
        change_service_settings(
            service=service, actor=self.request.user, local_authorities=authorities
        )

    @extend_schema(responses=summary.ServiceSummarySerializer)
    @action(detail=True, methods=["get"])
    def summary(self, request, pk=None):
        """The plan at a glance: RAG counts, overdue, due soon, per inspection, domain, standard."""
        service = self.get_object()
        data = summary.service_summary(service, today=clock.today())
        return Response(summary.ServiceSummarySerializer(data).data)


class UserViewSet(viewsets.ReadOnlyModelViewSet):
    """People holding a role in the user's services, with those roles. Read only."""

    serializer_class = UserSerializer
    filterset_class = UserFilterSet

    def get_queryset(self):
        memberships = ServiceMembership.objects.order_by("service_id")
        if not self.request.user.is_superuser:
            memberships = memberships.filter(service__in=visible_service_ids(self.request.user))
        return (
            visible_users(self.request)
            .order_by("username")
            .prefetch_related(
                Prefetch("service_memberships", memberships, to_attr="visible_memberships")
            )
        )


class FrameworkViewSet(viewsets.ReadOnlyModelViewSet):
    """Inspection frameworks: domains, standards, the rating scale with points, score bands."""

    serializer_class = FrameworkSerializer
    lookup_field = "code"
    lookup_value_regex = "[-a-zA-Z0-9_]+"

    def get_queryset(self):
        return Framework.objects.prefetch_related(*FRAMEWORK_PREFETCH)


class InspectionViewSet(
    OperationWriteMixin,
    RagCountsMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    """Inspections with their standard ratings. Managers create and update them."""

    permission_rules = {
        "create": "inspections.add_inspection",
        "update": "inspections.change_inspection",
        "partial_update": "inspections.change_inspection",
    }

    serializer_class = InspectionSerializer
    filterset_class = InspectionFilterSet
    permission_classes = [permissions.IsAuthenticated, RulePermission]

    def get_queryset(self):
        return (
            Inspection.objects.visible_to(self.request.user)
            .select_related("service", "framework")
            .prefetch_related(
                "standard_ratings__standard",
                *(f"framework__{path}" for path in FRAMEWORK_PREFETCH),
            )
        )

    def rag_counts_of(self, ids):
        return rag_counts(
            Recommendation.objects.filter(inspection__in=ids), by="inspection", today=clock.today()
        )

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        ratings = data.pop("standard_ratings", None)
        inspection = Inspection(**data)
        return save_inspection(inspection=inspection, actor=self.request.user, ratings=ratings)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        ratings = data.pop("standard_ratings", None)
        inspection = assign(serializer.instance, data)
        return save_inspection(
            inspection=inspection, actor=self.request.user, ratings=ratings, fields=data.keys()
        )


class RecommendationViewSet(
    OperationWriteMixin,
    RagCountsMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    """Recommendations of the user's inspections. Managers create and update them."""

    permission_rules = {
        "create": "inspections.add_recommendation",
        "update": "inspections.change_recommendation",
        "partial_update": "inspections.change_recommendation",
    }

    serializer_class = RecommendationSerializer
    filterset_class = RecommendationFilterSet
    permission_classes = [permissions.IsAuthenticated, RulePermission]

    def get_queryset(self):
        return (
            Recommendation.objects.visible_to(self.request.user)
            .select_related("inspection")
            .prefetch_related("standards")
        )

    def rag_counts_of(self, ids):
        return rag_counts(Recommendation.objects.filter(id__in=ids), by="id", today=clock.today())

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        standards = data.pop("standards", None)
        recommendation = Recommendation(**data)
        return save_recommendation(
            recommendation=recommendation, actor=self.request.user, standards=standards
        )

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        standards = data.pop("standards", None)
        recommendation = assign(serializer.instance, data)
        return save_recommendation(
            recommendation=recommendation,
            actor=self.request.user,
            standards=standards,
            fields=data.keys(),
        )
