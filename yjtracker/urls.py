"""Top-level URLs: the admin for plan owners (the API joins under /api/)."""

from django.contrib import admin
from django.urls import path
from django.views.generic import RedirectView

admin.site.site_header = "yjtracker"
admin.site.site_title = "yjtracker"
admin.site.index_title = "Improvement plans"

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="admin:index", permanent=False)),
    path("admin/", admin.site.urls),
]
