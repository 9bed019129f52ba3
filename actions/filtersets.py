"""The one FilterSet per model, used by the API and by the admin's list filters."""

import django_filters
from django.db.models import Case, IntegerField, Value, When

from actions.choices import ACTION_RAGS, ActionStatus, AssessedRAG
from actions.models import Action, ProgressUpdate
from actions.rag import SORT_ORDER
from core import clock
from core.filtering import CommaMultipleChoiceFilter, StrictBooleanFilter, text_search
from inspections.models import Inspection, Recommendation
from tenancy.filtering import visible, visible_users
from tenancy.models import PartnerAgency, YouthJusticeService

# What a search of actions looks in, in the API (?q=) and the admin's search box alike.
ACTION_SEARCH_FIELDS = ("reference", "title", "description", "recommendation__text")
# A window longer than this is a mistake (and a far larger one overflows date arithmetic).
MAX_WINDOW_DAYS = 3660

RAG_SEVERITY = Case(
    *(When(rag=rag, then=Value(rank)) for rank, rag in enumerate(SORT_ORDER)),
    output_field=IntegerField(),
)


class RagOrderingFilter(django_filters.OrderingFilter):
    """Orders RAG by ``rag.SORT_ORDER`` (green < amber < red < complete), not alphabetically."""

    def filter(self, qs, value):
        if value and any(v.lstrip("-") == "rag" for v in value):
            qs = qs.annotate(rag_severity=RAG_SEVERITY)
            value = [v.replace("rag", "rag_severity") for v in value]
        return super().filter(qs, value)

    def get_ordering_value(self, param):
        return param


class ActionFilterSet(django_filters.FilterSet):
    """Filters on actions: scope, people, status, RAG, dates, standards and text."""

    service = django_filters.ModelChoiceFilter(
        field_name="recommendation__inspection__service", queryset=visible(YouthJusticeService)
    )
    inspection = django_filters.ModelChoiceFilter(
        field_name="recommendation__inspection", queryset=visible(Inspection)
    )
    recommendation = django_filters.ModelChoiceFilter(queryset=visible(Recommendation))
    owner = django_filters.ModelChoiceFilter(queryset=visible_users)
    mine = StrictBooleanFilter(method="filter_mine", label="Only my actions")
    lead_agency = django_filters.ModelChoiceFilter(queryset=visible(PartnerAgency))
    status = CommaMultipleChoiceFilter(choices=ActionStatus.choices)
    rag = CommaMultipleChoiceFilter(choices=[(r.value, r.label) for r in ACTION_RAGS])
    overdue = StrictBooleanFilter(method="filter_overdue", label="Overdue")
    due_within_days = django_filters.NumberFilter(
        method="filter_due_within",
        label="Due within (days)",
        min_value=0,
        max_value=MAX_WINDOW_DAYS,
    )
    due_before = django_filters.DateFilter(field_name="due_on", lookup_expr="lte")
    due_after = django_filters.DateFilter(field_name="due_on", lookup_expr="gte")
    # Standard and domain codes repeat across frameworks ("1.1" is in 2018 and 2021): add
    # ``framework`` to pin them to one.
    framework = django_filters.CharFilter(
        field_name="recommendation__inspection__framework__code", label="Framework code"
    )
    standard = django_filters.CharFilter(
        field_name="recommendation__standards__code", distinct=True, label="Standard code"
    )
    domain = django_filters.CharFilter(
        field_name="recommendation__standards__domain__code", distinct=True, label="Domain code"
    )
    q = django_filters.CharFilter(method=text_search(ACTION_SEARCH_FIELDS), label="Search")
    ordering = RagOrderingFilter(
        fields=(("due_on", "due_on"), ("updated_at", "updated_at"), ("rag", "rag"))
    )

    class Meta:
        model = Action
        fields: list[str] = []

    def filter_mine(self, queryset, name, value):
        if not value or self.request is None:
            return queryset
        return queryset.owned_by(self.request.user)

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        # Chained on the queryset itself (an ActionQuerySet), so the list stays one plain query.
        if value:
            return queryset.overdue(clock.today())
        overdue = Action.objects.overdue(clock.today())
        return queryset.exclude(pk__in=overdue.values("pk"))

    def filter_due_within(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.due_within(clock.today(), int(value))


class ProgressUpdateFilterSet(django_filters.FilterSet):
    service = django_filters.ModelChoiceFilter(
        field_name="action__recommendation__inspection__service",
        queryset=visible(YouthJusticeService),
    )
    action = django_filters.ModelChoiceFilter(queryset=visible(Action))
    author = django_filters.ModelChoiceFilter(queryset=visible_users)
    assessed_rag = CommaMultipleChoiceFilter(choices=AssessedRAG.choices)
    recorded_after = django_filters.IsoDateTimeFilter(field_name="recorded_at", lookup_expr="gte")
    recorded_before = django_filters.IsoDateTimeFilter(field_name="recorded_at", lookup_expr="lt")

    class Meta:
        model = ProgressUpdate
        fields: list[str] = []
