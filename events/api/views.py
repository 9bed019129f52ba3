"""The event feed: what happened in the user's services, oldest first."""

from rest_framework import viewsets

from events.api.serializers import FEED_COLUMNS, EventSerializer
from events.filtersets import DomainEventFilterSet
from events.models import DomainEvent


class EventViewSet(viewsets.ReadOnlyModelViewSet):
    """The audit trail as a feed. Follow it with ``?after=<last id seen>``: events with a larger
    id, oldest first, paginated."""

    serializer_class = EventSerializer
    filterset_class = DomainEventFilterSet

    def get_queryset(self):
        return DomainEvent.objects.visible_to(self.request.user).only(*FEED_COLUMNS).order_by("id")
