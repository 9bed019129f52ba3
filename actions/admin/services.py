"""A service's settings page: RAG thresholds and reminders, changed by its managers.

Saving goes through ``actions.operations.service_settings.change_service_settings``, so new RAG
thresholds recalculate the service's RAGs at once, whichever path changes them.
"""

from django import forms
from django.contrib import admin

from actions.operations.service_settings import change_service_settings
from core.forms import DayListField
from tenancy.admin_base import ServiceScopedAdmin
from tenancy.models import YouthJusticeService

RAG_SETTINGS = ("rag_due_soon_days", "rag_stale_after_days")
REMINDER_SETTINGS = (
    "reminder_days_before",
    "overdue_reminder_every_days",
    "escalate_to_manager_after_days",
    "escalate_to_chair_after_days",
    "update_request_after_days",
)


class ServiceSettingsForm(forms.ModelForm):
    reminder_days_before = DayListField(
        label="Remind owners this many days before the deadline",
        required=False,
        help_text="Whole days separated by commas, e.g. 14, 3, 0 (0 is the day itself). "
        "Leave blank to send no reminder before the deadline.",
    )


@admin.register(YouthJusticeService)
class YouthJusticeServiceAdmin(ServiceScopedAdmin):
    form = ServiceSettingsForm
    list_display = ("name", "rag_due_soon_days", "rag_stale_after_days")
    search_fields = ("name",)
    filter_horizontal = ("local_authorities",)
    fieldsets = (
        (None, {"fields": ("name", "local_authorities")}),
        ("RAG thresholds", {"fields": RAG_SETTINGS}),
        ("Reminders and escalation", {"fields": REMINDER_SETTINGS}),
    )

    def get_readonly_fields(self, request, obj=None):
        # Renaming a service is an operator's act (no rule grants it to a manager).
        return () if request.user.has_perm("tenancy.add_youthjusticeservice") else ("name",)

    def save_model(self, request, obj, form, change):
        change_service_settings(service=obj, actor=request.user)
