"""The admin's plan import pages, under the inspection's admin URL (wired before the admin's own
routes in ``yjtracker.urls``, which would otherwise read them as an object id)."""

from django.contrib import admin
from django.urls import path

from spreadsheets import admin_views

urlpatterns = [
    path(
        "<int:pk>/plan-import/",
        admin.site.admin_view(admin_views.upload_view),
        name="admin-plan-import",
    ),
    path(
        "<int:pk>/plan-import/<int:import_id>/",
        admin.site.admin_view(admin_views.preview_view),
        name="admin-plan-import-preview",
    ),
    path(
        "<int:pk>/plan-import/<int:import_id>/confirm/",
        admin.site.admin_view(admin_views.confirm_view),
        name="admin-plan-import-confirm",
    ),
]
