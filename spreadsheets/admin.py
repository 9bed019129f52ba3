"""The record of plan imports in the admin: read only (files come in through "Import plan" on
the inspection page)."""

from django.contrib import admin

from spreadsheets.models import PlanImport
from tenancy.admin_base import ReadOnlyScopedAdmin


@admin.register(PlanImport)
class PlanImportAdmin(ReadOnlyScopedAdmin):
    list_display = ("file_name", "inspection", "uploaded_by", "uploaded_at", "status")
    list_select_related = ("inspection__service", "uploaded_by")
    list_filter = ("status",)
    fields = (
        "inspection",
        "file_name",
        "sha256",
        "uploaded_by",
        "uploaded_at",
        "status",
        "imported_at",
        "create_owners",
        "mapping",
        "summary",
    )
    readonly_fields = fields
