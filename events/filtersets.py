"""The FilterSet of the event log, for the API's event feed (and the admin, should it want it)."""

import django_filters

from core.filtering import CommaMultipleChoiceFilter
from events.catalogue import EventType
from events.models import DomainEvent
from tenancy.filtering import visible
from tenancy.models import YouthJusticeService

# Ids are BigAutoField values; larger numbers cannot name an event.
MAX_EVENT_ID = 2**63 - 1


class DomainEventFilterSet(django_filters.FilterSet):
    """``after`` follows the log incrementally: events with a larger id, oldest first."""

    after = django_filters.NumberFilter(
        field_name="id",
        lookup_expr="gt",
        min_value=0,
        max_value=MAX_EVENT_ID,
        label="Only events after this id",
    )
    type = CommaMultipleChoiceFilter(choices=EventType.choices)
    service = django_filters.ModelChoiceFilter(queryset=visible(YouthJusticeService))
    subject_type = django_filters.CharFilter(max_length=40)
    subject_id = django_filters.NumberFilter(min_value=0, max_value=MAX_EVENT_ID)
    occurred_after = django_filters.IsoDateTimeFilter(field_name="occurred_at", lookup_expr="gte")

    class Meta:
        model = DomainEvent
        fields: list[str] = []
