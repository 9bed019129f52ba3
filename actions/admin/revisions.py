"""Requested deadline changes, approved or rejected by service managers."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError

from actions.models import DeadlineRevision
from actions.operations.revisions import approve_deadline_revision, reject_deadline_revision
from tenancy.admin_base import ServiceScopedAdmin
from tenancy.rules import NotAllowed


@admin.register(DeadlineRevision)
class DeadlineRevisionAdmin(ServiceScopedAdmin):
    """Requested deadline changes; service managers approve or reject them here."""

    list_display = (
        "action",
        "previous_due_on",
        "requested_due_on",
        "reason",
        "status",
        "requested_by",
        "requested_at",
        "decided_by",
    )
    list_filter = ("status",)
    list_select_related = ("action", "requested_by", "decided_by")
    search_fields = ("action__reference", "action__title", "reason")
    actions = ("approve_selected", "reject_selected")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related(*self.list_select_related)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_decide_permission(self, request):
        return request.user.has_perm("actions.decide_deadline_revision")

    def _decide(self, request, queryset, decide):
        decided = 0
        for revision in queryset:
            try:
                decide(revision=revision, decided_by=request.user)
                decided += 1
            except NotAllowed:
                self.message_user(request, f"{revision}: not your service.", messages.WARNING)
            except ValidationError as error:
                self.message_user(
                    request, f"{revision}: {' '.join(error.messages)}", messages.WARNING
                )
        if decided:
            self.message_user(request, f"Decided {decided} deadline change(s).", messages.SUCCESS)

    @admin.action(description="Approve selected deadline changes", permissions=["decide"])
    def approve_selected(self, request, queryset):
        self._decide(request, queryset, approve_deadline_revision)

    @admin.action(description="Reject selected deadline changes", permissions=["decide"])
    def reject_selected(self, request, queryset):
        self._decide(request, queryset, reject_deadline_revision)
