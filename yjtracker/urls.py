"""Top-level URLs: the admin for plan owners, the REST API, notification links, health."""

from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from delivery.views import health

admin.site.site_header = "yjtracker"
admin.site.site_title = "yjtracker"
admin.site.index_title = "Improvement plans"

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="admin:index", permanent=False)),
    path("admin/", admin.site.urls),
    path("api/", include("yjtracker.api_urls")),
    path("notifications/", include("notifications.urls")),
    path("health/", health, name="health"),
]
