"""Routes of the notifications API, registered on the one ``/api/v1/`` router."""

from events.api.views import EventViewSet

routes = [("events", EventViewSet, "event")]
