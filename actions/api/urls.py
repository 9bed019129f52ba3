"""Routes of the actions API, registered on the one ``/api/v1/`` router."""

from actions.api.views import ActionViewSet, ProgressUpdateViewSet

routes = [
    ("actions", ActionViewSet, "action"),
    ("progress-updates", ProgressUpdateViewSet, "progressupdate"),
]
