"""REST API routes (``/api/v1/``), the OpenAPI schema and its docs, and the browsable API login.

Each app lists its routes in ``<app>/api/urls.py``; they are registered on one router so the
API root lists them all.
"""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from actions.api.urls import routes as action_routes
from inspections.api.urls import routes as inspection_routes
from notifications.api.urls import routes as notification_routes
from webhooks.api.urls import routes as webhook_routes

router = DefaultRouter()
for prefix, viewset, basename in [
    *inspection_routes,
    *action_routes,
    *notification_routes,
    *webhook_routes,
]:
    router.register(prefix, viewset, basename=basename)

urlpatterns = [
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
    path("api-auth/", include("rest_framework.urls")),
]
