"""What every yjtracker ModelAdmin shares: service scoping, object permissions, operation saves.

The admin stays thin: visibility is ``Model.objects.visible_to(user)``, who may do what is a rule
of ``tenancy.rules`` (asked as ``user.has_perm``), and writes go through each app's ``operations``. This module only wires
those into Django's admin hooks.
"""

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, router, transaction
from django.db.models import Prefetch, UniqueConstraint
from django.forms.models import InlineForeignKeyField

from core.admin_filters import FilterSetListFilter
from tenancy.choices import ServiceRole
from tenancy.models import ServiceMembership, visible_service_ids
from tenancy.rules import roles_of, service_id_of, services_with_role

__all__ = ["service_id_of"]


def in_services(queryset, service_ids):
    """Rows of ``queryset`` belonging to the services ``service_ids``."""
    path = getattr(queryset.model, "SERVICE_PATH", None)
    return queryset.filter(**{f"{path}__in" if path else "pk__in": service_ids})


def add_validation_error(form, error: ValidationError) -> None:
    """Attach ``error`` to ``form``: to a field when the form has it, else to the whole form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def with_operation_error(form_class, error: ValidationError):
    """``form_class`` that fails validation with ``error`` (raised by an operation)."""

    class RejectedByOperationForm(form_class):
        def _post_clean(self):
            super()._post_clean()
            add_validation_error(self, error)

    RejectedByOperationForm.__name__ = form_class.__name__
    return RejectedByOperationForm


def label_people_with_roles(field, viewer) -> None:
    """A choice of people shows each by name with their roles in the services ``viewer`` sees
    ("Jo Morgan: plan owner (jo.morgan@kent.police.uk)"), not by username; one more query
    whatever the number of people."""
    roles = ServiceMembership.objects.order_by("role")
    if not viewer.is_superuser:
        roles = roles.filter(service_id__in=visible_service_ids(viewer))
    memberships = Prefetch("service_memberships", roles, to_attr="roles_for_label")
    field.queryset = field.queryset.prefetch_related(memberships)
    field.label_from_instance = person_with_roles


def person_with_roles(user) -> str:
    name = user.get_full_name() or user.get_username()
    roles = sorted({m.get_role_display().lower() for m in getattr(user, "roles_for_label", [])})
    described = f"{name}: {', '.join(roles)}" if roles else name
    return f"{described} ({user.email})" if user.email else described


class RulePermissionsMixin:
    """The admin's ``has_*_permission`` ask the model's rules in ``tenancy.rules``.

    A model (or verb) with no rule is for superusers only: Django's ``ModelBackend`` grants them
    everything, and nobody else has Group permissions.
    """

    opts: Any  # The ModelAdmin's model options.

    def permission_name(self, verb: str) -> str:
        return f"{self.opts.app_label}.{verb}_{self.opts.model_name}"

    # Each asks the model's rule in ``tenancy.rules`` (about the object, when there is one).
    def has_view_permission(self, request, obj=None):
        user = request.user
        return user.has_perm(self.permission_name("view"), obj) or self.has_change_permission(
            request, obj
        )

    def has_add_permission(self, request, *args):
        return request.user.has_perm(self.permission_name("add"))

    def has_change_permission(self, request, obj=None):
        return request.user.has_perm(self.permission_name("change"), obj)

    def has_delete_permission(self, request, obj=None):
        return request.user.has_perm(self.permission_name("delete"), obj)


class OperationAdminMixin:
    """Saves go through operations; a ``ValidationError`` they raise is shown as a form error.

    Forms validate most rules first (fields, ``clean()``, constraints). Operations check again,
    and rules only they know (e.g. a signed-off action cannot be reopened) surface here: the
    failed save is rolled back and the same POST is shown again with the error, never a 500.
    """

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method != "POST":
            return super().changeform_view(request, object_id, form_url, extra_context)
        try:
            with transaction.atomic(using=router.db_for_write(self.model)):
                return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as error:
            request.yj_operation_error = error
        except IntegrityError:
            # Last resort (e.g. two rows of one form breaking a rule together): say so, save nothing.
            request.yj_operation_error = ValidationError(
                "These changes conflict with each other or with saved records; nothing was saved."
            )
        return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        error = getattr(request, "yj_operation_error", None)
        return with_operation_error(form, error) if error is not None else form


class ServiceScopedAdmin(OperationAdminMixin, RulePermissionsMixin, admin.ModelAdmin):
    """A ModelAdmin of a model that belongs to a service.

    Lists, change views (another service's object is "missing"), search and autocomplete all
    start from ``visible_to(user)``. Choice fields offer only the services where the user holds
    one of ``editor_roles``; adding, changing and deleting ask the model's rules.
    """

    editor_roles: tuple[str, ...] = (ServiceRole.SERVICE_MANAGER,)

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)

    def changelist_view(self, request, extra_context=None):
        # Plans are wide tables: give them the width the navigation sidebar would take.
        context = {"is_nav_sidebar_enabled": False, **(extra_context or {})}
        return super().changelist_view(request, context)

    def editable_service_ids(self, request):
        return services_with_role(request.user, *self.editor_roles)

    def choices_for(self, request, model):
        """What a choice field of ``model`` may offer this user, or None to leave it alone."""
        user = request.user
        if model is get_user_model():
            return users_of(request, self.editable_service_ids(request))
        if not hasattr(model.objects, "visible_to"):
            return None
        visible = model.objects.visible_to(user)
        return (
            visible
            if user.is_superuser
            else in_services(visible, self.editable_service_ids(request))
        )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        choices = self.choices_for(request, db_field.remote_field.model)
        if choices is not None and "queryset" not in kwargs:
            kwargs["queryset"] = choices
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.remote_field.model is get_user_model() and field is not None:
            label_people_with_roles(field, request.user)
        return field

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        choices = self.choices_for(request, db_field.remote_field.model)
        if choices is not None and "queryset" not in kwargs:
            kwargs["queryset"] = choices
        return super().formfield_for_manytomany(db_field, request, **kwargs)


def users_of(request, service_ids):
    """Users holding a role in ``service_ids`` (every user for a superuser)."""
    users = get_user_model().objects.order_by("last_name", "first_name", "username")
    if request.user.is_superuser:
        return users
    return users.filter(service_memberships__service__in=service_ids).distinct()


class InlineConstraintsForm(forms.ModelForm):
    """An inline form that also checks the unique constraints naming the parent's key.

    Django leaves the parent key out of an inline form's constraint checks, so a conditional
    constraint such as "one chair per board" would otherwise reach the database as a 500.
    """

    def _post_clean(self):
        super()._post_clean()
        fk_names = {
            name for name, field in self.fields.items() if isinstance(field, InlineForeignKeyField)
        }
        exclude = self._get_validation_exclusions() - fk_names
        for constraint in self.instance._meta.constraints:
            if isinstance(constraint, UniqueConstraint) and fk_names & set(constraint.fields):
                try:
                    constraint.validate(type(self.instance), self.instance, exclude=exclude)
                except ValidationError as error:
                    self._update_errors(error)


class ScopedInlineMixin:
    """Inline of a service-scoped model: choices limited like its parent admin's."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        choices = self.parent_admin().choices_for(request, db_field.remote_field.model)
        if choices is not None and "queryset" not in kwargs:
            kwargs["queryset"] = choices
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def parent_admin(self):
        return self.admin_site.get_model_admin(self.parent_model)


class ReadOnly:
    """For a ModelAdmin or an inline whose rows are a record (a log, a ledger): never written
    by hand, so nobody may add, change or delete them here."""

    def has_add_permission(self, request, *args) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ReadOnlyScopedAdmin(ReadOnly, RulePermissionsMixin, admin.ModelAdmin):
    """Rows of the services the user works in, read only: a log or a ledger, never edited."""

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)


class ServiceScopedChoicesFilter(FilterSetListFilter):
    """A sidebar choice of inspections, recommendations or people, offered for the chosen service.

    Someone who works in one service gets its choices at once; someone who sees many (a county's
    manager, a superuser) gets them once they choose a service in the "service" filter, not a
    sidebar of every inspection, recommendation or person of every service. A value already in
    the query string keeps working either way.
    """

    # The lookup from the choice's model to its service's id, and the sidebar's service filter.
    service_lookup = "service"
    service_parameter = "service"

    def chosen_services(self) -> list[str]:
        return [v for v in self.request.GET.getlist(self.service_parameter) if v.isdigit()]

    def works_in_one_service(self) -> bool:
        user = self.request.user
        return not user.is_superuser and len(roles_of(user)) <= 1

    def has_output(self) -> bool:
        return bool(self.chosen_services()) or self.works_in_one_service()

    def lookups(self):
        chosen = self.chosen_services()
        if chosen and isinstance(self.field, forms.ModelChoiceField):
            self.field.queryset = self.field.queryset.filter(
                **{f"{self.service_lookup}__in": chosen}
            )
        elif not self.works_in_one_service():
            return []
        return super().lookups()
