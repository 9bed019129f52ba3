"""Admin for the set-up data: services and their settings, partner agencies, boards, frameworks.

Service settings are changed by that service's managers; frameworks and memberships by
superusers only (memberships are granted with ``manage.py grant_role``).
"""

from django.contrib import admin
from django.utils import timezone

from actions.operations import recalculate_rags
from inspections.models import (
    Board,
    BoardMeeting,
    BoardMember,
    Domain,
    Framework,
    LocalAuthority,
    PartnerAgency,
    RatingLevel,
    ScoreBand,
    ServiceMembership,
    Standard,
    YouthJusticeService,
)
from yjtracker.admin_base import InlineConstraintsForm, ScopedInlineMixin, ServiceScopedAdmin

RAG_SETTINGS = ("rag_due_soon_days", "rag_stale_after_days")
REMINDER_SETTINGS = (
    "reminder_days_before",
    "overdue_reminder_every_days",
    "escalate_to_manager_after_days",
    "escalate_to_chair_after_days",
    "update_request_after_days",
)


class SuperuserOnlyEdits:
    """Everyone with the view permission reads; only superusers add, change or delete."""

    def has_add_permission(self, request, *args):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(YouthJusticeService)
class YouthJusticeServiceAdmin(ServiceScopedAdmin):
    list_display = ("name", "rag_due_soon_days", "rag_stale_after_days")
    search_fields = ("name",)
    filter_horizontal = ("local_authorities",)
    fieldsets = (
        (None, {"fields": ("name", "local_authorities")}),
        ("RAG thresholds", {"fields": RAG_SETTINGS}),
        ("Reminders and escalation", {"fields": REMINDER_SETTINGS}),
    )

    def get_readonly_fields(self, request, obj=None):
        return () if request.user.is_superuser else ("name",)

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and set(RAG_SETTINGS) & set(form.changed_data):
            # New thresholds change RAGs today, not only from tonight's recalculation.
            recalculate_rags(today=timezone.localdate(), service=obj)


@admin.register(LocalAuthority)
class LocalAuthorityAdmin(SuperuserOnlyEdits, admin.ModelAdmin):
    search_fields = ("name",)


@admin.register(ServiceMembership)
class ServiceMembershipAdmin(admin.ModelAdmin):
    """Roles in services: superusers only (operators use ``manage.py grant_role``)."""

    list_display = ("user", "service", "role")
    list_filter = ("role", "service")
    list_select_related = ("user", "service")
    search_fields = ("user__username", "user__last_name", "service__name")

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(PartnerAgency)
class PartnerAgencyAdmin(ServiceScopedAdmin):
    list_display = ("name", "kind", "service")
    list_select_related = ("service",)
    list_filter = ("kind",)
    search_fields = ("name",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("service")


class BoardMemberInline(ScopedInlineMixin, admin.TabularInline):
    model = BoardMember
    form = InlineConstraintsForm
    fields = ("user", "agency", "role", "job_title", "digest_choice")
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user", "agency")


class BoardMeetingInline(admin.TabularInline):
    model = BoardMeeting
    extra = 1


@admin.register(Board)
class BoardAdmin(ServiceScopedAdmin):
    list_display = ("name", "service", "digest_schedule")
    list_select_related = ("service",)
    search_fields = ("name", "service__name")
    inlines = (BoardMemberInline, BoardMeetingInline)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("service")


class RatingLevelInline(SuperuserOnlyEdits, admin.TabularInline):
    model = RatingLevel
    extra = 0


class ScoreBandInline(SuperuserOnlyEdits, admin.TabularInline):
    model = ScoreBand
    extra = 0


class DomainInline(SuperuserOnlyEdits, admin.TabularInline):
    model = Domain
    extra = 0
    show_change_link = True


@admin.register(Framework)
class FrameworkAdmin(SuperuserOnlyEdits, admin.ModelAdmin):
    """Frameworks are data: a superuser adds one here (or loads a fixture), never code."""

    list_display = ("name", "code", "in_force_from", "overall_rating_method")
    search_fields = ("name", "code")
    inlines = (RatingLevelInline, ScoreBandInline, DomainInline)


class StandardInline(SuperuserOnlyEdits, admin.TabularInline):
    model = Standard
    fields = ("code", "name", "scored", "order")
    extra = 0


@admin.register(Domain)
class DomainAdmin(SuperuserOnlyEdits, admin.ModelAdmin):
    list_display = ("code", "name", "framework")
    list_filter = ("framework",)
    list_select_related = ("framework",)
    inlines = (StandardInline,)
