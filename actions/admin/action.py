"""The action admin: the plan owner's daily page.

Thin by design: lists start from ``visible_to``, filters are ``ActionFilterSet``'s, who may do what
is a rule of ``tenancy.rules``, and every write is an ``actions.operations`` call.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.urls import path
from django.utils import timezone
from django.utils.html import format_html

from actions.admin import display
from actions.admin.display import rag_badge
from actions.admin.views import revise_deadline_view, sign_off_view
from actions.filtersets import ACTION_SEARCH_FIELDS, ActionFilterSet
from actions.models import Action, ProgressUpdate
from actions.operations.actions import delete_action, save_action, sign_off_action
from actions.operations.progress import record_progress
from core import clock
from core.admin_filters import DefaultingListFilter, FilterSetListFilter, NumberListFilter
from core.filtering import text_search
from inspections.models import Recommendation
from tenancy.admin_base import ServiceScopedAdmin, ServiceScopedChoicesFilter, in_services
from tenancy.choices import ServiceRole
from tenancy.rules import REFUSALS, NotAllowed, services_with_role

_DETAILS = ("recommendation", "reference", "title", "description", "owner", "lead_agency")


def action_filter(name, title, **attrs):
    return FilterSetListFilter.for_filter(ActionFilterSet, name, title=title, **attrs)


def scoped_filter(name, title, **attrs):
    return ServiceScopedChoicesFilter.for_filter(ActionFilterSet, name, title=title, **attrs)


class MyActionsFilter(DefaultingListFilter):
    """Plan owners land on their own actions; one click shows all they may see."""

    filterset_class = ActionFilterSet
    filter_name = "mine"
    title = "show"
    choice_labels = (("true", "My actions"), ("false", "All actions"))

    def default_for(self, request):
        return "true" if services_with_role(request.user, ServiceRole.PLAN_OWNER) else None


class ActionForm(forms.ModelForm):
    """The action's own fields; derived ones (RAG, sign-off, deadlines once set) are read-only."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "completed_on" in self.fields:
            self.fields["completed_on"].help_text = "Leave blank to use today when completing."

    def _get_validation_exclusions(self):
        exclude = super()._get_validation_exclusions()
        # save_action fills in today's date when an action is completed without one.
        if not self.cleaned_data.get("completed_on"):
            exclude.add("completed_on")
        return exclude


class ProgressUpdateInline(admin.TabularInline):
    """Progress is append-only: recorded updates are shown read-only, new ones are added."""

    model = ProgressUpdate
    fields = ("recorded", "written_by", "narrative", "assessed_rag")
    readonly_fields = ("recorded", "written_by")
    extra = 1
    can_delete = False
    verbose_name_plural = "progress updates (newest first; recorded updates cannot be changed)"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("author")

    @admin.display(description="recorded")
    def recorded(self, update):
        if update.pk is None:
            return "New update"
        return f"{timezone.localtime(update.recorded_at):%d %b %Y %H:%M}"

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request, obj=None):
        return obj is not None and request.user.has_perm("actions.add_progressupdate", obj)


@admin.register(Action)
class ActionAdmin(ServiceScopedAdmin):
    """Plan owners edit their own actions and record progress; managers edit all of a service's;
    board members read and sign off. Deadlines move only through the revise-deadline page."""

    form = ActionForm
    editor_roles = (ServiceRole.SERVICE_MANAGER, ServiceRole.PLAN_OWNER)
    # RAG and status come straight after the title so they show without scrolling sideways.
    list_display = (
        "reference",
        "title",
        "rag_badge",
        "rag_reason",
        "status",
        "recommendation_number",
        "owner_name",
        "lead_agency_name",
        "original_due_on",
        "due_on",
    )
    list_display_links = ("reference", "title")
    list_select_related = ("recommendation__inspection__service", "owner", "lead_agency")
    list_filter = (
        MyActionsFilter,
        action_filter("service", "service"),
        scoped_filter("inspection", "inspection", choice_select_related=("service",)),
        scoped_filter("recommendation", "recommendation", service_lookup="inspection__service"),
        action_filter("rag", "RAG"),
        action_filter("status", "status"),
        scoped_filter(
            "owner",
            "owner",
            choice_label=staticmethod(display.person),
            service_lookup="service_memberships__service",
        ),
        action_filter("overdue", "overdue"),
        NumberListFilter.for_filter(ActionFilterSet, "due_within_days", title="due within (days)"),
    )
    show_facets = admin.ShowFacets.NEVER
    # "12 results (100,000 total)" counts every action the person sees on every page: a county's
    # manager pays for a COUNT of all of them each time. The filtered count is still shown.
    show_full_result_count = False
    # Each row costs the admin a URL reverse and resolve per link and a dozen cell renders; 50 a
    # page keeps a page under the 150 ms its users should wait, and within what a screen shows.
    list_per_page = 50
    search_fields = ACTION_SEARCH_FIELDS
    search_help_text = "Search reference, title, description and recommendation text."
    inlines = (ProgressUpdateInline,)
    actions = ("sign_off_selected",)
    change_form_template = "admin/actions/action/change_form.html"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related(*self.list_select_related)

    def get_search_results(self, request, queryset, search_term):
        # The API's search (one rule), index-friendly; no join, so no duplicate rows.
        return text_search(ACTION_SEARCH_FIELDS)(queryset, "q", search_term.strip()), False

    def get_inline_instances(self, request, obj=None):
        # Progress is recorded on an existing action.
        return super().get_inline_instances(request, obj) if obj is not None else []

    # Lists

    @admin.display(description="RAG", ordering="rag")
    def rag_badge(self, obj):
        return rag_badge(obj.rag)

    @admin.display(description="why")
    def rag_reason(self, obj):
        # The rule that sets the RAG says why (the service is selected with the row).
        return obj.assess_rag(clock.today()).reason

    @admin.display(description="recommendation", ordering="recommendation__number")
    def recommendation_number(self, obj):
        recommendation = obj.recommendation
        return format_html(
            '<span title="{}">{}. {}</span>',
            recommendation.text,
            recommendation.number,
            display.shorten(recommendation.text, 32),
        )

    @admin.display(description="lead agency", ordering="lead_agency__name", empty_value="-")
    def lead_agency_name(self, obj):
        # A method rather than the field, so long agency names wrap instead of widening the table.
        return obj.lead_agency.name if obj.lead_agency else None

    @admin.display(description="owner", ordering="owner__last_name")
    def owner_name(self, obj):
        return display.person(obj.owner)

    # The change page

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            dates = ("start_on", "due_on")
            return ((None, {"fields": _DETAILS}), ("Dates", {"fields": dates}))
        details = _DETAILS
        if not request.user.has_perm("actions.change_action_details", obj):
            # Read-only for them: the owner's name rather than a link to the user admin.
            details = tuple("owner_name" if field == "owner" else field for field in _DETAILS)
        return (
            (None, {"fields": details}),
            ("Deadlines", {"fields": ("start_on", ("original_due_on", "due_on"), "revisions")}),
            (
                "Status",
                {
                    "fields": (
                        "status",
                        "completed_on",
                        "closing_statement",
                        "rag_badge",
                        "sign_off",
                    )
                },
            ),
            ("History", {"fields": ("history",)}),
        )

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ()
        derived = ("original_due_on", "due_on", "revisions", "rag_badge", "sign_off", "history")
        if request.user.has_perm("actions.change_action_details", obj):
            return derived
        return (*derived, "recommendation", "reference", "owner", "owner_name")

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if obj is None and "due_on" in form.base_fields:
            form.base_fields["due_on"].label = "Deadline"
        if obj is not None:
            # An action stays in its service: its choices are that service's recommendations and
            # people, not those of every service a county's manager sees.
            service_id = obj.recommendation.inspection.service_id
            scoped = {
                "recommendation": "inspection__service",
                "owner": "service_memberships__service",
            }
            for name, lookup in scoped.items():
                field = form.base_fields.get(name)
                if field is not None and hasattr(field, "queryset"):
                    field.queryset = field.queryset.filter(**{lookup: service_id}).distinct()
        return form

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name != "recommendation":
            return super().formfield_for_foreignkey(db_field, request, **kwargs)
        # Actions are added by service managers, so only their services' recommendations.
        recommendations = Recommendation.objects.visible_to(request.user)
        if not request.user.is_superuser:
            managed = services_with_role(request.user, ServiceRole.SERVICE_MANAGER)
            recommendations = in_services(recommendations, managed)
        kwargs["queryset"] = recommendations.select_related("inspection__service")
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        field.label_from_instance = lambda rec: f"{rec.inspection} – {rec}"
        return field

    @admin.display(description="deadline changes")
    def revisions(self, obj):
        return display.revision_list(obj)

    @admin.display(description="board sign-off")
    def sign_off(self, obj):
        return display.sign_off_summary(obj)

    @admin.display(description="history")
    def history(self, obj):
        return display.history_table(obj)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        action = self.get_object(request, object_id)
        context = dict(extra_context or {})
        if action is not None:
            user = request.user
            context["can_revise_deadline"] = not action.is_complete and user.has_perm(
                "actions.request_deadline_revision", action
            )
            context["can_send_update_link"] = not action.is_complete and user.has_perm(
                "actions.send_update_link", action
            )
            context["can_sign_off"] = (
                action.is_complete
                and not action.is_signed_off
                and user.has_perm("actions.sign_off_action", action)
            )
        return super().change_view(request, object_id, form_url, context)

    # Saving: through the operations

    def save_model(self, request, obj, form, change):
        if not change and not request.user.has_perm("actions.add_action", obj.recommendation):
            raise ValidationError({"recommendation": REFUSALS["actions.add_action"]})
        if change and not form.has_changed():
            return
        save_action(action=obj, actor=request.user, fields=form.changed_data if change else None)

    def delete_model(self, request, obj):
        delete_action(action=obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for action in queryset:
            delete_action(action=action, actor=request.user)

    def save_formset(self, request, form, formset, change):
        if formset.model is not ProgressUpdate:
            return super().save_formset(request, form, formset, change)
        formset.new_objects = [
            record_progress(
                action=form.instance,
                author=request.user,
                narrative=new.cleaned_data["narrative"],
                assessed_rag=new.cleaned_data["assessed_rag"],
            )
            for new in formset.extra_forms
            if new.has_changed() and new.cleaned_data
        ]
        formset.changed_objects, formset.deleted_objects = [], []

    # Board sign-off and deadline revision pages

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/revise-deadline/",
                wrap(lambda request, object_id: revise_deadline_view(self, request, object_id)),
                name="actions_action_revise_deadline",
            ),
            path(
                "<path:object_id>/sign-off/",
                wrap(lambda request, object_id: sign_off_view(self, request, object_id)),
                name="actions_action_sign_off",
            ),
            *super().get_urls(),
        ]

    def has_sign_off_permission(self, request):
        return request.user.has_perm("actions.sign_off_action")

    @admin.action(description="Sign off selected complete actions", permissions=["sign_off"])
    def sign_off_selected(self, request, queryset):
        signed, refused = 0, []
        for action in queryset:
            try:
                sign_off_action(action=action, actor=request.user)
                signed += 1
            except NotAllowed:
                refused.append(f"{action}: you cannot sign off actions of this service.")
            except ValidationError as error:
                refused.append(f"{action}: {' '.join(error.messages)}")
        if signed:
            self.message_user(request, f"Signed off {signed} action(s).", messages.SUCCESS)
        for reason in refused:
            self.message_user(request, reason, messages.WARNING)
