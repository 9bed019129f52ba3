"""Admin for inspection frameworks: data a superuser enters (or loads), never code.

Everyone with a role reads them; no rule lets anyone else change them.
"""

from django.contrib import admin

from inspections.models import Domain, Framework, RatingLevel, ScoreBand, Standard
from tenancy.admin_base import RulePermissionsMixin


class RatingLevelInline(RulePermissionsMixin, admin.TabularInline):
    model = RatingLevel
    extra = 0


class ScoreBandInline(RulePermissionsMixin, admin.TabularInline):
    model = ScoreBand
    extra = 0


class DomainInline(RulePermissionsMixin, admin.TabularInline):
    model = Domain
    extra = 0
    show_change_link = True


@admin.register(Framework)
class FrameworkAdmin(RulePermissionsMixin, admin.ModelAdmin):
    """Frameworks are data: a superuser adds one here (or loads a fixture), never code."""

    list_display = ("name", "code", "in_force_from", "overall_rating_method")
    search_fields = ("name", "code")
    inlines = (RatingLevelInline, ScoreBandInline, DomainInline)


class StandardInline(RulePermissionsMixin, admin.TabularInline):
    model = Standard
    fields = ("code", "name", "scored", "order")
    extra = 0


@admin.register(Domain)
class DomainAdmin(RulePermissionsMixin, admin.ModelAdmin):
    list_display = ("code", "name", "framework")
    list_filter = ("framework",)
    list_select_related = ("framework",)
    inlines = (StandardInline,)
