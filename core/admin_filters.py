"""The admin's list filters, delegating to the app's FilterSets.

Each sidebar filter drives one filter of a FilterSet (the same one the API uses), so "overdue",
"due within N days" or "RAG" mean exactly the same in the admin and in the API, and choice lists
come from the FilterSet's own querysets (already limited to what the user may see).

    list_filter = [FilterSetListFilter.for_filter(ActionFilterSet, "rag"), ...]
"""

from typing import Any, cast

from django import forms
from django.contrib import admin, messages
from django.http import QueryDict

NUMBER_PRESETS = (7, 14, 30, 60, 90)


class FilterSetListFilter(admin.ListFilter):
    """One admin sidebar filter backed by the FilterSet filter ``filter_name``."""

    filterset_class: Any = None
    filter_name = ""
    # Select these relations when listing model choices (their labels read them).
    choice_select_related: tuple[str, ...] = ()
    # How a model choice is labelled (default: the form field's label).
    choice_label = None

    @classmethod
    def for_filter(cls, filterset_class, filter_name, **attrs):
        """A list filter class for ``filterset_class.base_filters[filter_name]``."""
        declared = filterset_class.base_filters[filter_name]
        attrs.setdefault("title", str(declared.label or filter_name.replace("_", " ")).lower())
        name = f"{filterset_class.__name__}{filter_name.title().replace('_', '')}ListFilter"
        return type(
            name, (cls,), {"filterset_class": filterset_class, "filter_name": filter_name, **attrs}
        )

    def __init__(self, request, params, model, model_admin):
        super().__init__(request, params, model, model_admin)
        if self.filter_name in params:
            self.used_parameters[self.filter_name] = params.pop(self.filter_name)
        self.request = request
        self.filterset = shared_filterset(request, self.filterset_class, model)
        self.field = self.filterset.form.fields[self.filter_name]

    def _data(self) -> QueryDict:
        data = QueryDict(mutable=True)
        values = self.values()
        if values is not None:
            data.setlist(self.filter_name, values)
        return data

    def values(self) -> list[str] | None:
        """The query-string values of this filter (a list), or None when it is not set."""
        return cast("list[str] | None", self.used_parameters.get(self.filter_name))

    def expected_parameters(self):
        return [self.filter_name]

    def has_output(self) -> bool:
        return True

    def queryset(self, request, queryset):
        if self.values() is None:
            return queryset
        # This filter's own field, cleaned as its form would clean it (the FilterSet is shared).
        raw = self.field.widget.value_from_datadict(self._data(), {}, self.filter_name)
        try:
            value = self.field.clean(raw)
        except forms.ValidationError as error:
            errors = " ".join(error.messages) or "Invalid value."
            messages.error(request, f"Filter “{self.title}” was not applied: {errors}")
            return queryset.none()
        return self.filterset.filters[self.filter_name].filter(queryset, value)

    def choices(self, changelist):
        self.other_params = [
            (key, value)
            for key, values in changelist.filter_params.items()
            if key != self.filter_name
            for value in values
        ]
        yield self._choice(changelist, None, "All")
        for value, label in self.lookups():
            yield self._choice(changelist, str(value), label)

    def _choice(self, changelist, value, label):
        current = self.values() or []
        selected = value in current if value is not None else not current
        params = {self.filter_name: value} if value is not None else {}
        return {
            "selected": selected,
            "query_string": changelist.get_query_string(params, [self.filter_name]),
            "display": label,
        }

    def lookups(self):
        """(value, label) pairs offered in the sidebar, from the FilterSet's form field."""
        field = self.field
        if isinstance(field, forms.ModelChoiceField):
            objects = field.queryset
            if self.choice_select_related:
                objects = objects.select_related(*self.choice_select_related)
            label = self.choice_label or field.label_from_instance
            return [(obj.pk, label(obj)) for obj in objects]
        if isinstance(field, forms.NullBooleanField):
            return [("true", "Yes"), ("false", "No")]
        if isinstance(field, forms.DecimalField | forms.IntegerField):
            return [(days, f"{days}") for days in NUMBER_PRESETS]
        return [(value, label) for value, label in field.choices if value != ""]


def shared_filterset(request, filterset_class, model):
    """One unbound FilterSet of ``filterset_class`` per request, whose form fields every sidebar
    filter reads (building a FilterSet builds every filter's field and queryset: the action list's
    nine filters built nine)."""
    cache = request.__dict__.setdefault("_yj_filtersets", {})
    if filterset_class not in cache:
        cache[filterset_class] = filterset_class(
            data=None, queryset=model.objects.none(), request=request
        )
    return cache[filterset_class]


class NumberListFilter(FilterSetListFilter):
    """A FilterSet number filter: preset values plus a box for any other number."""

    template = "admin/yjtracker/number_filter.html"


class DefaultingListFilter(FilterSetListFilter):
    """A boolean FilterSet filter with a per-user default (e.g. "my actions" for plan owners).

    Its choices are explicit (``true``/``false``) so the default never hides the way out.
    """

    choice_labels = (("true", "Yes"), ("false", "No"))
    # The choice shown as selected when neither the query string nor the default sets a value.
    unset_value = "false"

    def default_for(self, request) -> str | None:
        """The value applied when the query string does not name this filter."""
        return None

    def values(self):
        explicit = super().values()
        if explicit is not None:
            return explicit
        default = self.default_for(self.request)
        return [default] if default is not None else None

    def choices(self, changelist):
        self.other_params = []
        current = self.values() or [self.unset_value]
        for value, label in self.choice_labels:
            choice = self._choice(changelist, value, label)
            yield {**choice, "selected": value in current}
