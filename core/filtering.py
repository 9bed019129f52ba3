"""Filter helpers shared by every FilterSet (the admin list adapter lives beside them)."""

from functools import lru_cache
from typing import Any

import django_filters
from django import forms
from django.db.models import Q
from django_filters import utils
from django_filters.rest_framework import DjangoFilterBackend


class StrictBooleanField(forms.NullBooleanField):
    """``true/false/1/0`` (any case) or empty; anything else is an error, never ignored."""

    TRUE, FALSE = ("true", "1"), ("false", "0")
    # The default select widget turns unknown values into "unknown" before they can be refused.
    widget = forms.TextInput

    def to_python(self, value):
        text = str(value).strip().lower() if value not in (None, "") else ""
        if text in self.TRUE or value is True:
            return True
        if text in self.FALSE or value is False:
            return False
        if text:
            raise forms.ValidationError("Use true or false.", code="invalid")
        return None

    def validate(self, value):
        pass


class StrictBooleanFilter(django_filters.BooleanFilter):
    """A boolean filter that refuses values other than true/false (a 400 in the API)."""

    field_class = StrictBooleanField


class CommaMultipleChoiceFilter(django_filters.MultipleChoiceFilter):
    """Accepts ``?rag=red&rag=amber`` and ``?rag=red,amber`` alike."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("distinct", False)
        super().__init__(*args, **kwargs)
        self.field_class = _comma_field(self.field_class)


def _comma_field(base):
    class CommaSeparatedField(base):
        def to_python(self, value):
            if not value:
                return super().to_python(value)
            values = value if isinstance(value, list | tuple) else [value]
            split = [part.strip() for item in values for part in str(item).split(",")]
            return super().to_python([part for part in split if part])

    return CommaSeparatedField


def text_search(fields):
    """A ``q`` filter method matching any of ``fields`` case-insensitively.

    A field across a relation (``recommendation__text``) is matched by first reading the ids of
    the related rows that match (one query on that table), then ``recommendation__in`` those ids:
    every condition is then on this table's own columns and each can use its index (PostgreSQL's
    trigram indexes, see the actions migrations), OR-ed as a bitmap; an OR with a join, or with a
    subquery, scans every row instead.
    """

    def method(queryset, name, value):
        if not value:
            return queryset
        condition = Q()
        for field in fields:
            relation, _, column = field.rpartition("__")
            if not relation:
                condition |= Q(**{f"{column}__icontains": value})
                continue
            related = queryset.model._meta.get_field(relation).related_model
            matching = related._base_manager.filter(**{f"{column}__icontains": value})
            condition |= Q(**{f"{relation}__in": list(matching.values_list("pk", flat=True))})
        return queryset.filter(condition)

    return method


class GivenFiltersBackend(DjangoFilterBackend):
    """The API's filter backend: a request's FilterSet holds only the filters the request names.
    A filter left out is a no-op either way, but each costs: a FilterSet deep-copies every
    filter it has when it is made, and builds a form field for each (a choice filter builds its
    queryset); an actions list has seventeen, and most requests give two. Everything else
    (validation, 400s, the filters themselves, the browsable API's filter form) is
    django-filter's."""

    def filter_queryset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is None:
            return queryset
        given = frozenset(request.query_params).intersection(filterset_class.base_filters)
        filterset = narrowed(filterset_class, given)(
            **self.get_filterset_kwargs(request, queryset, view)
        )
        if not filterset.is_valid() and self.raise_exception:
            raise utils.translate_validation(filterset.errors)
        return filterset.qs


@lru_cache(maxsize=128)
def narrowed(
    filterset_class: type[django_filters.FilterSet], names: frozenset[str]
) -> type[django_filters.FilterSet]:
    """``filterset_class`` with only the filters in ``names``: a subclass made once per set of
    names (the methods, the form and the messages are the class's own)."""
    subclass: Any = type(
        filterset_class.__name__, (filterset_class,), {"__module__": filterset_class.__module__}
    )
    subclass.base_filters = {
        name: declared for name, declared in filterset_class.base_filters.items() if name in names
    }
    return subclass
