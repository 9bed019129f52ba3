"""Routes of the inspections API, registered on the one ``/api/v1/`` router."""

from actions.api.plans import (
    FrameworkViewSet,
    InspectionViewSet,
    RecommendationViewSet,
    ServiceViewSet,
    UserViewSet,
)

routes = [
    ("services", ServiceViewSet, "service"),
    ("users", UserViewSet, "user"),
    ("frameworks", FrameworkViewSet, "framework"),
    ("inspections", InspectionViewSet, "inspection"),
    ("recommendations", RecommendationViewSet, "recommendation"),
]
