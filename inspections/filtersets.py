"""The one FilterSet per model, used by the API and by the admin's list filters."""

import django_filters
from django.contrib.auth import get_user_model

from core.filtering import CommaMultipleChoiceFilter, text_search
from inspections.choices import RAG, Addressee, InspectionKind
from inspections.models import Framework, Inspection, Recommendation
from tenancy.filtering import visible
from tenancy.models import YouthJusticeService


class InspectionFilterSet(django_filters.FilterSet):
    service = django_filters.ModelChoiceFilter(queryset=visible(YouthJusticeService))
    framework = django_filters.ModelChoiceFilter(
        queryset=Framework.objects.all(), to_field_name="code"
    )
    kind = CommaMultipleChoiceFilter(choices=InspectionKind.choices)
    rag = CommaMultipleChoiceFilter(choices=RAG.choices)
    published_after = django_filters.DateFilter(field_name="published_on", lookup_expr="gte")
    published_before = django_filters.DateFilter(field_name="published_on", lookup_expr="lte")
    q = django_filters.CharFilter(method=text_search(["title", "service__name"]), label="Search")

    class Meta:
        model = Inspection
        fields: list[str] = []


class RecommendationFilterSet(django_filters.FilterSet):
    service = django_filters.ModelChoiceFilter(
        field_name="inspection__service", queryset=visible(YouthJusticeService)
    )
    inspection = django_filters.ModelChoiceFilter(queryset=visible(Inspection))
    addressee = CommaMultipleChoiceFilter(choices=Addressee.choices)
    rag = CommaMultipleChoiceFilter(choices=RAG.choices)
    framework = django_filters.CharFilter(field_name="inspection__framework__code")
    standard = django_filters.CharFilter(field_name="standards__code", distinct=True)
    domain = django_filters.CharFilter(field_name="standards__domain__code", distinct=True)
    q = django_filters.CharFilter(method=text_search(["text"]), label="Search")

    class Meta:
        model = Recommendation
        fields: list[str] = []


class UserFilterSet(django_filters.FilterSet):
    """People, found by exact username or email (case-insensitive)."""

    username = django_filters.CharFilter(lookup_expr="iexact")
    email = django_filters.CharFilter(lookup_expr="iexact")
    service = django_filters.ModelChoiceFilter(
        field_name="service_memberships__service",
        queryset=visible(YouthJusticeService),
        distinct=True,
    )

    class Meta:
        model = get_user_model()
        fields: list[str] = []
