"""Routes of plan import and export, under ``/api/v1/`` beside the router's."""

from django.urls import path

from spreadsheets.api.views import (
    PlanExportView,
    PlanImportView,
    PlanTemplateView,
    ServicePlanExportView,
)

urlpatterns = [
    path("inspections/<int:pk>/plan-import/", PlanImportView.as_view(), name="plan-import"),
    path("inspections/<int:pk>/plan-export/", PlanExportView.as_view(), name="plan-export"),
    path("inspections/<int:pk>/plan-template/", PlanTemplateView.as_view(), name="plan-template"),
    path(
        "services/<int:pk>/plan-export/",
        ServicePlanExportView.as_view(),
        name="service-plan-export",
    ),
]
