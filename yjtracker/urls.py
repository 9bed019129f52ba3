"""Top-level URLs: people's pages, the admin (the back office), the REST API, notification
links, health."""

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
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
    # Plan import (upload, preview, confirm) on the inspection's admin page; before the admin's
    # own routes, which would read "<id>/plan-import/" as an object id.
    path("admin/inspections/inspection/", include("spreadsheets.admin_urls")),
    path("admin/", admin.site.urls),
    path("api/", include("yjtracker.api_urls")),
    # Where an owner invited by a plan import chooses a password (Django's views and the admin's
    # templates): the link in the invitation is the only way in.
    path(
        "accounts/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("notifications/", include("notifications.urls")),
    # Update links: one action's page, reached with a signed link and no account.
    path("update/", include("partner_links.urls")),
    path("health/", health, name="health"),
    # GOV.UK and MOJ Frontend's precompiled CSS name their fonts and images /assets/…: sent on
    # to the static files (settings.STATICFILES_DIRS), wherever STATIC_URL puts them.
    path("assets/<path:name>", RedirectView.as_view(url=f"{STATIC}assets/%(name)s")),
    # What browsers ask for whatever the page's <link rel="icon"> says.
    path("favicon.ico", RedirectView.as_view(url=f"{STATIC}assets/images/favicon.ico")),
]
