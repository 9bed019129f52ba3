"""Admin for who is who: local authorities, roles in services, partner agencies, boards.

Memberships are granted by superusers (operators use ``manage.py grant_role``); agencies and boards
by the service's managers.
"""

from django.contrib import admin

from tenancy.admin_base import (
    InlineConstraintsForm,
    RulePermissionsMixin,
    ScopedInlineMixin,
    ServiceScopedAdmin,
)
from tenancy.models import (
    Board,
    BoardMeeting,
    BoardMember,
    LocalAuthority,
    PartnerAgency,
    ServiceMembership,
)


@admin.register(LocalAuthority)
class LocalAuthorityAdmin(RulePermissionsMixin, admin.ModelAdmin):
    search_fields = ("name",)


@admin.register(ServiceMembership)
class ServiceMembershipAdmin(RulePermissionsMixin, admin.ModelAdmin):
    """Roles in services: superusers only (operators use ``manage.py grant_role``)."""

    list_display = ("user", "service", "role")
    list_filter = ("role", "service")
    list_select_related = ("user", "service")
    search_fields = ("user__username", "user__last_name", "service__name")


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
