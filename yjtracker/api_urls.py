"""REST API routes (``/api/v1/``), the OpenAPI schema and its docs, and the browsable API login.

Each app lists its routes in ``<app>/api/urls.py``; they are registered on one router so the
API root lists them all.
"""

from django.http import JsonResponse
from django.urls import include, path, re_path
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from actions.api.plan_urls import routes as inspection_routes
from actions.api.urls import routes as action_routes
from board.api import BoardPackView
from events.api.urls import routes as notification_routes
from spreadsheets.api.urls import urlpatterns as spreadsheet_urls
from webhooks.api.urls import routes as webhook_routes


@csrf_exempt
def api_not_found(request, *args, **kwargs):
    """DRF's 404 body, for paths no API route matches."""
    return JsonResponse({"detail": "Not found."}, status=404)


router = DefaultRouter()
for prefix, viewset, basename in [
    *inspection_routes,
    *action_routes,
    *notification_routes,
    *webhook_routes,
]:
    router.register(prefix, viewset, basename=basename)

urlpatterns = [
    # Before the router, whose services/{id}/ routes would otherwise claim the path.
    path("v1/services/<int:pk>/board-pack/", BoardPackView.as_view(), name="board-pack"),
    path("v1/", include(router.urls)),
    path("v1/", include(spreadsheet_urls)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
    path("api-auth/", include("rest_framework.urls")),
    # Anything else under /api/ (an unknown path, or an id no route accepts, like 1.5) answers
    # as the API does, in JSON, rather than with Django's HTML page.
    re_path(r"^", api_not_found),
]
