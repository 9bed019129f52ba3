"""The event feed: what happened in the user's services, oldest first."""

from rest_framework import viewsets

from core.api import AfterIdPagination
from events.api.serializers import FEED_COLUMNS, EventSerializer
from events.filtersets import DomainEventFilterSet
from events.models import DomainEvent


class EventViewSet(viewsets.ReadOnlyModelViewSet):
    """The audit trail as a feed. Follow it with ``?after=<last id seen>``: events with a larger
    id, oldest first, a page at a time by key (``next`` carries the page's last id; ``count`` is
    null). ``?page=`` numbers pages as other lists do."""

    serializer_class = EventSerializer
    filterset_class = DomainEventFilterSet
    pagination_class = AfterIdPagination

    def get_queryset(self):
        return DomainEvent.objects.visible_to(self.request.user).only(*FEED_COLUMNS).order_by("id")
