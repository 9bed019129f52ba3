"""The recommendation admin: numbered, addressed, related to standards, with its actions."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html

from actions.admin.display import rag_badge
from actions.models import Action
from actions.operations.recommendations import delete_recommendation, save_recommendation
from core.admin_filters import FilterSetListFilter
from inspections.filtersets import RecommendationFilterSet
from inspections.models import Inspection, Recommendation, Standard
from tenancy.admin_base import ReadOnly, ServiceScopedAdmin


class ActionInline(ReadOnly, admin.TabularInline):
    """The recommendation's actions, read here and edited on their own page."""

    model = Action
    fields = ("reference", "title", "owner", "due_on", "status", "rag_badge")
    readonly_fields = fields
    extra = 0
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("owner")

    @admin.display(description="RAG")
    def rag_badge(self, obj):
        return rag_badge(obj.rag)


class RecommendationForm(forms.ModelForm):
    """The recommendation's fields, its standards checked by ``Recommendation.validate_standards``."""

    def _post_clean(self):
        super()._post_clean()  # The instance now holds the chosen inspection.
        standards = self.cleaned_data.get("standards")
        if standards is None or not self.instance.inspection_id:
            return
        try:
            self.instance.validate_standards(standards)
        except ValidationError as error:
            self._update_errors(error)


@admin.register(Recommendation)
class RecommendationAdmin(ServiceScopedAdmin):
    form = RecommendationForm
    list_display = ("number", "short_text", "rag_badge", "action_count", "inspection", "addressee")
    list_display_links = ("number", "short_text")
    list_select_related = ("inspection__service",)
    list_filter = tuple(
        FilterSetListFilter.for_filter(RecommendationFilterSet, name, title=title, **attrs)
        for name, title, attrs in (
            ("service", "service", {}),
            ("inspection", "inspection", {"choice_select_related": ("service",)}),
            ("addressee", "addressee", {}),
            ("rag", "RAG", {}),
        )
    )
    show_facets = admin.ShowFacets.NEVER
    search_fields = ("text",)
    autocomplete_fields = ("addressee_agency",)
    filter_horizontal = ("standards",)
    inlines = (ActionInline,)
    fields = ("inspection", "number", "text", "addressee", "addressee_agency", "standards")

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related(*self.list_select_related)
        # An aggregate drops Meta.ordering, which paginated lists and autocompletes need.
        ordering = Recommendation._meta.ordering
        return queryset.annotate(action_count=Count("actions")).order_by(*ordering)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "standards":
            kwargs["queryset"] = self._standards(request).select_related("domain__framework")
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name == "standards":
            field.label_from_instance = lambda s: f"{s.domain.framework.code} · {s}"
        return field

    def _standards(self, request):
        """The standards of the inspection being edited (or named in ``?inspection=``)."""
        inspection = self._inspection_being_edited(request)
        standards = Standard.objects.all()
        return (
            standards.filter(domain__framework=inspection.framework_id) if inspection else standards
        )

    def _inspection_being_edited(self, request):
        match = request.resolver_match
        object_id = match.kwargs.get("object_id") if match else None
        if object_id:
            recommendation = self.get_object(request, object_id)
            return recommendation.inspection if recommendation else None
        inspection_id = request.GET.get("inspection", "")
        if not inspection_id.isdigit():
            return None
        return Inspection.objects.visible_to(request.user).filter(pk=inspection_id).first()

    def get_fields(self, request, obj=None):
        if obj is not None and self._can_add_actions(request, obj):
            return (*self.fields, "add_action")
        return self.fields

    def get_readonly_fields(self, request, obj=None):
        return ("add_action",) if obj is not None else ()

    def _can_add_actions(self, request, recommendation) -> bool:
        return request.user.has_perm("actions.add_action", recommendation)

    @admin.display(description="plan")
    def add_action(self, obj):
        url = reverse("admin:actions_action_add") + f"?recommendation={obj.pk}"
        return format_html('<a href="{}">Add an action to this recommendation</a>', url)

    @admin.display(description="text")
    def short_text(self, obj):
        return obj.text if len(obj.text) <= 90 else f"{obj.text[:89]}…"

    @admin.display(description="actions", ordering="action_count")
    def action_count(self, obj):
        return obj.action_count

    @admin.display(description="RAG", ordering="rag")
    def rag_badge(self, obj):
        return rag_badge(obj.rag)

    def save_model(self, request, obj, form, change):
        save_recommendation(
            recommendation=obj,
            actor=request.user,
            standards=form.cleaned_data.get("standards"),
            fields=form.changed_data if change else None,
        )

    def delete_model(self, request, obj):
        delete_recommendation(recommendation=obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for recommendation in queryset:
            delete_recommendation(recommendation=recommendation, actor=request.user)

    def save_related(self, request, form, formsets, change):
        # The standards were set by save_recommendation; only inlines remain.
        for formset in formsets:
            self.save_formset(request, form, formset, change)
