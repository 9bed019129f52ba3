"""Top-level URLs: people's pages, the admin (the back office), the REST API, notification
links, health."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from delivery.views import health

admin.site.site_header = "yjtracker"
admin.site.site_title = "yjtracker"
admin.site.index_title = "Improvement plans"

STATIC = f"/{settings.STATIC_URL.strip('/')}/"

urlpatterns = [
    path("", include("pages.urls")),
    path("", include("board.urls")),
    path("admin/", admin.site.urls),
    path("api/", include("yjtracker.api_urls")),
    path("notifications/", include("notifications.urls")),
    path("health/", health, name="health"),
    # GOV.UK and MOJ Frontend's precompiled CSS name their fonts and images /assets/…: sent on
    # to the static files (settings.STATICFILES_DIRS), wherever STATIC_URL puts them.
    path("assets/<path:name>", RedirectView.as_view(url=f"{STATIC}assets/%(name)s")),
    # What browsers ask for whatever the page's <link rel="icon"> says.
    path("favicon.ico", RedirectView.as_view(url=f"{STATIC}assets/images/favicon.ico")),
]
