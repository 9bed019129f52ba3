"""Shapes of services, users, frameworks, inspections and recommendations in the API.

Serializers check shape only (types, enumerations, that a referenced object is one the user may
see); the rules live in the models and ``inspections.operations``.
"""

from django.contrib.auth import get_user_model
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from actions.rag import RagCounts
from core.api import IdField, ModelSerializer, StrictCharField, refuse_change
from inspections.choices import RAG, Rating
from inspections.models import (
    Domain,
    Framework,
    Inspection,
    RatingLevel,
    Recommendation,
    ScoreBand,
    Standard,
)
from tenancy.choices import ServiceRole
from tenancy.models import Board, LocalAuthority, PartnerAgency, YouthJusticeService


class VisibleRelatedField(IdField):
    """A primary key that must name an object the requesting user may see."""

    def get_queryset(self):
        request = self.context.get("request")
        model = self.queryset.model
        if request is None:
            return model.objects.none()
        return model.objects.visible_to(request.user)


class RagCountsSerializer(serializers.Serializer):
    """Counts of actions per RAG, recommendations without actions, overdue and % complete."""

    rag = serializers.ChoiceField(choices=RAG.choices)
    red = serializers.IntegerField()
    amber = serializers.IntegerField()
    green = serializers.IntegerField()
    blue = serializers.IntegerField()
    unplanned = serializers.IntegerField()
    actions = serializers.IntegerField()
    overdue = serializers.IntegerField()
    percent_complete = serializers.IntegerField()


class RagCountsField(serializers.Field):
    """The object's ``RagCounts``, computed for the whole page by the view (``rag_counts`` context)."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, value):
        return self.context.get("rag_counts", {}).get(value.pk, RagCounts()).as_dict()


extend_schema_field(RagCountsSerializer)(RagCountsField)


class BoardSummarySerializer(ModelSerializer):
    class Meta:
        model = Board
        fields = ["id", "name"]


class ServiceSerializer(ModelSerializer):
    local_authorities = serializers.SlugRelatedField(
        many=True, slug_field="name", queryset=LocalAuthority.objects.all(), required=False
    )
    board = BoardSummarySerializer(read_only=True, allow_null=True)

    class Meta:
        model = YouthJusticeService
        fields = [
            "id",
            "name",
            "local_authorities",
            "board",
            "rag_due_soon_days",
            "rag_stale_after_days",
            "created_at",
        ]


class RoleSerializer(serializers.Serializer):
    service = serializers.IntegerField(source="service_id")
    role = serializers.ChoiceField(choices=ServiceRole.choices)


class UserSerializer(ModelSerializer):
    full_name = serializers.CharField(source="get_full_name", read_only=True)
    roles = RoleSerializer(source="visible_memberships", many=True, read_only=True)

    class Meta:
        model = get_user_model()
        fields = ["id", "username", "full_name", "email", "roles"]


class StandardSerializer(ModelSerializer):
    class Meta:
        model = Standard
        fields = ["code", "name", "scored"]


class DomainSerializer(ModelSerializer):
    standards = StandardSerializer(many=True, read_only=True)

    class Meta:
        model = Domain
        fields = ["code", "name", "standards"]


class RatingLevelSerializer(ModelSerializer):
    class Meta:
        model = RatingLevel
        fields = ["rating", "points"]


class ScoreBandSerializer(ModelSerializer):
    class Meta:
        model = ScoreBand
        fields = ["min_score", "max_score", "rating"]


class FrameworkSerializer(ModelSerializer):
    domains = DomainSerializer(many=True, read_only=True)
    rating_scale = RatingLevelSerializer(source="rating_levels", many=True, read_only=True)
    bands = ScoreBandSerializer(source="score_bands", many=True, read_only=True)

    class Meta:
        model = Framework
        fields = [
            "code",
            "name",
            "in_force_from",
            "overall_rating_method",
            "domains",
            "rating_scale",
            "bands",
        ]


class StandardRatingSerializer(serializers.Serializer):
    standard = StrictCharField(max_length=10, help_text="The standard's code, e.g. 1.1.")
    rating = serializers.ChoiceField(choices=Rating.choices)

    def validate(self, attrs):
        # Both are required even in a PATCH: partial applies to the inspection, not to a rating.
        missing = [name for name in self.fields if name not in attrs]
        if missing:
            raise serializers.ValidationError(dict.fromkeys(missing, "This field is required."))
        return attrs


class StandardRatingsField(serializers.ListField):
    """``[{"standard": "1.1", "rating": "good"}, ...]``, read from prefetched rows."""

    child = StandardRatingSerializer()

    def to_representation(self, data):
        return [{"standard": row.standard.code, "rating": row.rating} for row in data.all()]


class StandardCodesField(serializers.ListField):
    """A list of standard codes, read from the prefetched ``standards``."""

    child = StrictCharField(max_length=10)

    def to_representation(self, data):
        return [standard.code for standard in data.all()]


class InspectionSerializer(ModelSerializer):
    """An inspection with its ratings; ``score`` and ``overall_rating`` are computed from them."""

    service = VisibleRelatedField(queryset=YouthJusticeService.objects.all())
    framework = serializers.SlugRelatedField(slug_field="code", queryset=Framework.objects.all())
    standard_ratings = StandardRatingsField(required=False)
    score = serializers.IntegerField(read_only=True, allow_null=True)
    overall_rating = serializers.ChoiceField(
        choices=Rating.choices, read_only=True, allow_null=True
    )
    rag_counts = RagCountsField()

    class Meta:
        model = Inspection
        fields = [
            "id",
            "service",
            "framework",
            "kind",
            "title",
            "fieldwork_start_on",
            "fieldwork_end_on",
            "published_on",
            "standard_ratings",
            "score",
            "overall_rating",
            "published_score",
            "published_rating",
            "rag",
            "rag_counts",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["rag", "created_at", "updated_at"]
        extra_kwargs = {"published_score": {"max_value": 1000}}

    def validate_standard_ratings(self, value):
        codes = [item["standard"] for item in value]
        repeated = sorted({code for code in codes if codes.count(code) > 1})
        if repeated:
            raise serializers.ValidationError(f"Rate each standard once: {', '.join(repeated)}.")
        return {item["standard"]: item["rating"] for item in value}

    def validate(self, attrs):
        refuse_change(self, attrs, "service", "framework")
        return attrs


class RecommendationSerializer(ModelSerializer):
    """A recommendation; ``standards`` are codes of the inspection's framework."""

    inspection = VisibleRelatedField(queryset=Inspection.objects.all())
    addressee_agency = VisibleRelatedField(
        queryset=PartnerAgency.objects.all(), required=False, allow_null=True
    )
    standards = StandardCodesField(required=False, help_text="Standard codes, e.g. 2.1.")
    service = serializers.IntegerField(source="inspection.service_id", read_only=True)
    rag_counts = RagCountsField()

    class Meta:
        model = Recommendation
        fields = [
            "id",
            "service",
            "inspection",
            "number",
            "text",
            "addressee",
            "addressee_agency",
            "standards",
            "rag",
            "rag_counts",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["rag", "created_at", "updated_at"]
        extra_kwargs = {"number": {"min_value": 1, "max_value": 32767}}
        # Uniqueness is the model's rule (a 400 from the operation), not the serializer's.
        validators: list = []

    def validate(self, attrs):
        refuse_change(self, attrs, "inspection")
        inspection = attrs.get("inspection") or getattr(self.instance, "inspection", None)
        if "standards" in attrs and inspection is not None:
            attrs["standards"] = _standards_of(inspection, attrs["standards"])
        return attrs


def _standards_of(inspection, codes: list[str]) -> list[Standard]:
    """The standards these codes name; 400 naming any code that no standard has.

    A code names the inspection framework's standard when it has one, else another framework's:
    whether those may be related is ``Recommendation.validate_standards``, asked by the operation.
    """
    found: dict[str, Standard] = {}
    for standard in Standard.objects.filter(code__in=codes).select_related("domain"):
        if standard.code not in found or standard.domain.framework_id == inspection.framework_id:
            found[standard.code] = standard
    unknown = sorted(set(codes) - set(found))
    if unknown:
        raise serializers.ValidationError(
            {"standards": f"No standard has the code: {', '.join(unknown)}."}
        )
    return [found[code] for code in dict.fromkeys(codes)]
