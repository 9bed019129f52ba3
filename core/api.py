"""What every API view shares: the error handler, pagination, ETags and write helpers.

Business rules live in the domain and raise Django's ``ValidationError``; ``exception_handler``
turns that (and any ``IntegrityError`` a race lets through) into a 400 with a message per field,
so a rule broken through the API never answers 500.
"""

import re
from functools import cache
from operator import attrgetter, itemgetter

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, models, transaction
from rest_framework import exceptions, pagination, permissions, serializers, status
from rest_framework.fields import SkipField
from rest_framework.relations import PKOnlyObject
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param
from rest_framework.views import exception_handler as drf_exception_handler

NON_FIELD_ERRORS = "non_field_errors"
INTEGRITY_MESSAGE = "This change conflicts with another record; reload and try again."


def exception_handler(exc, context):
    """DRF's handler, with Django validation and integrity errors answered as 400."""
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(detail=validation_detail(exc))
    elif isinstance(exc, IntegrityError):
        exc = exceptions.ValidationError(detail={NON_FIELD_ERRORS: [integrity_message(exc)]})
    return drf_exception_handler(exc, context)


def integrity_message(error: IntegrityError) -> str:
    """The broken constraint's own message when the database names it (PostgreSQL does)."""
    text = str(error)
    for name, message in constraint_messages().items():
        if f'"{name}"' in text:
            return message
    return INTEGRITY_MESSAGE


@cache
def constraint_messages() -> dict[str, str]:
    """Every model constraint's name and ``violation_error_message``."""
    return {
        constraint.name: str(constraint.violation_error_message)
        for model in apps.get_models()
        for constraint in model._meta.constraints
        if constraint.violation_error_message
    }


def validation_detail(error: DjangoValidationError) -> dict[str, list[str]]:
    """``{"field": ["message", ...]}``; errors not about one field go under ``non_field_errors``."""
    if not hasattr(error, "error_dict"):
        return {NON_FIELD_ERRORS: error.messages}
    return {
        NON_FIELD_ERRORS if field == "__all__" else field: messages
        for field, messages in error.message_dict.items()
    }


class PageNumberPagination(pagination.PageNumberPagination):
    """``{"count", "next", "previous", "results"}``; ``?page=`` and ``?page_size=`` (at most 500).

    A ``page_size`` that is not a whole number of at least 1 is a 400, not the default quietly.
    """

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500

    def get_page_size(self, request):
        value = request.query_params.get(self.page_size_query_param)
        if value is not None and not re.fullmatch(r"0*[1-9][0-9]*", value):
            raise exceptions.ValidationError(
                {
                    self.page_size_query_param: [
                        f"Use a whole number from 1 to {self.max_page_size}."
                    ]
                }
            )
        return super().get_page_size(request)


class AfterIdPagination(PageNumberPagination):
    """``?after=<id>`` pages by key: the next ``page_size`` rows with a larger id, and ``next``
    naming the last id of this page. No COUNT and no OFFSET, so a page costs the same however deep
    in the log it is; ``count`` is null on such pages. Without ``after`` (or with ``page``), the
    numbered pages as everywhere else. The queryset must be ordered by id and already filtered by
    ``after`` (the FilterSet does)."""

    after_query_param = "after"

    def paginate_queryset(self, queryset, request, view=None):
        params = request.query_params
        if self.after_query_param not in params or self.page_query_param in params:
            self.keyset = False
            return super().paginate_queryset(queryset, request, view)
        self.keyset = True
        self.request = request
        size = self.get_page_size(request)
        rows = list(queryset[: size + 1])
        self.has_more = len(rows) > size
        self.rows = rows[:size]
        return self.rows

    def get_paginated_response(self, data):
        if not self.keyset:
            return super().get_paginated_response(data)
        following = None
        if self.has_more:
            url = self.request.build_absolute_uri()
            following = replace_query_param(url, self.after_query_param, self.rows[-1].pk)
        return Response({"count": None, "next": following, "previous": None, "results": data})

    def get_paginated_response_schema(self, schema):
        paginated = super().get_paginated_response_schema(schema)
        paginated["properties"]["count"]["nullable"] = True
        paginated["properties"]["count"]["description"] = "Null on ?after= pages (no COUNT)."
        return paginated


class StrictCharField(serializers.CharField):
    """Text that must arrive as a JSON string: ``5`` for a title is refused, not read as "5"."""

    default_error_messages = {"invalid": "Not a valid string."}

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class IdField(serializers.PrimaryKeyRelatedField):
    """A primary key that must be a whole number (``13`` or ``"13"``): ``13.5`` is refused, not
    read as 13, and so are ``true`` and ``"13.0"``."""

    def to_internal_value(self, data):
        if isinstance(data, bool) or not (
            isinstance(data, int) or (isinstance(data, str) and re.fullmatch(r"[0-9]+", data))
        ):
            self.fail("incorrect_type", data_type=type(data).__name__)
        return super().to_internal_value(data)


# Fields whose representation of a value of the model's own type is the value itself.
_AS_IS = (serializers.BooleanField, serializers.IntegerField, serializers.CharField)


def _column(field) -> str | None:
    """The one attribute ``field`` shows (a relation's ``<name>_id``), which is also its
    ``values()`` column; None where DRF's own path is needed (dotted sources, method fields,
    nested serializers, relations shown otherwise than by their id)."""
    if isinstance(field, serializers.SerializerMethodField | serializers.BaseSerializer):
        return None
    if len(field.source_attrs) != 1 or field.source == "*":
        return None
    name = field.source_attrs[0]
    if not isinstance(field, serializers.RelatedField):
        return name
    if getattr(field, "many", False) or not field.use_pk_only_optimization():
        return None
    return f"{name}_id"


def _reader(field, getter=attrgetter):
    """A function ``obj -> representation`` for ``field``, as DRF's ``to_representation``
    would give, reading the field's column directly: ``getter(column)`` reads it (an attribute
    of a model instance; ``itemgetter`` for a ``values()`` row). None where DRF's own path is
    needed (see ``_column``)."""
    column = _column(field)
    if column is None:
        return None
    fetch = getter(column)
    if isinstance(field, serializers.RelatedField | serializers.ChoiceField):
        return fetch
    if isinstance(field, serializers.DateTimeField) and not hasattr(field, "timezone"):
        # DRF asks for the current time zone on every value; it is the same for the request.
        field.timezone = field.default_timezone()
    if isinstance(field, _AS_IS):
        exact = {serializers.BooleanField: bool, serializers.IntegerField: int}.get(
            type(field), str
        )

        def read_plain(obj):
            value = fetch(obj)
            return (
                value if value is None or type(value) is exact else field.to_representation(value)
            )

        return read_plain

    def read(obj):
        value = fetch(obj)
        return None if value is None else field.to_representation(value)

    return read


class FastReadMixin:
    """A serializer whose reading skips DRF's per-field dispatch for plain attributes, and can
    read ``values()`` rows as well as model instances.

    The output is DRF's own (the fields, their names and formats are the serializer's; a field
    DRF must handle itself still goes through it); on a 100-row list page this halves the time
    spent serializing. Writing is untouched."""

    def to_representation(self, instance):
        readers = self.__dict__.get("_fast_readers")
        if readers is None:
            readers = self._fast_readers = [
                (field.field_name, field, _reader(field)) for field in self._readable_fields
            ]
        ret = {}
        for name, field, read in readers:
            if read is not None:
                ret[name] = read(instance)
                continue
            try:
                attribute = field.get_attribute(instance)
            except SkipField:
                continue
            check = attribute.pk if isinstance(attribute, PKOnlyObject) else attribute
            ret[name] = None if check is None else field.to_representation(attribute)
        return ret

    def row_columns(self):
        """The ``values()`` columns that ``row_readers`` read: each plain field's own."""
        return [column for field in self._readable_fields if (column := _column(field))]

    def row_readers(self, **shown):
        """Each readable field's name and a function ``row -> representation`` reading a
        ``values(*self.row_columns(), ...)`` row as ``to_representation`` reads the instance.
        A field DRF must handle itself (a method field, a nested serializer) is read by the
        function of its name in ``shown``, from columns the caller adds to the row."""
        readers = []
        for field in self._readable_fields:
            read = shown.get(field.field_name) or _reader(field, itemgetter)
            if read is None:
                raise ImproperlyConfigured(f"Say how a row shows {field.field_name!r}.")
            readers.append((field.field_name, read))
        return readers


@cache
def reading_serializer(serializer_class, time_zone):
    """One instance of ``serializer_class`` per process and time zone, for reading rows: its
    fields and readers are built once, not on every request (reading needs no request)."""
    return serializer_class()


class CountedApart:
    """What a paginator pages when a list counts one queryset and reads its page from another:
    ``counted``, the filtered rows alone, for the COUNT; ``rows``, the same rows with the
    columns only the page shows (annotations and their joins), for the page. The COUNT then
    joins nothing it does not filter on."""

    def __init__(self, counted, rows):
        self.counted = counted
        self.rows = rows
        self.ordered = rows.ordered

    def count(self) -> int:
        return self.counted.count()

    def __getitem__(self, key):
        return self.rows[key]


class ModelSerializer(serializers.ModelSerializer):
    """DRF's model serializer with strict text fields (see ``StrictCharField``) and ids."""

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.CharField: StrictCharField,
        models.TextField: StrictCharField,
    }
    serializer_related_field = IdField


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = "The object has changed since you read it: GET it again, then retry."
    default_code = "precondition_failed"


def etag_for(obj) -> str:
    """A strong ETag from the object's id and last change (``updated_at``, to the microsecond)."""
    stamp = int(obj.updated_at.timestamp() * 1_000_000)
    return f'"{obj.pk}-{stamp}"'


def check_if_match(request, obj) -> None:
    """Refuse (412) a write whose ``If-Match`` names none of the object's current ETag.

    A missing ``If-Match`` is allowed: clients that do not read first simply write last.
    """
    header = request.headers.get("If-Match")
    if not header or header.strip() == "*":
        return
    offered = {tag.strip().removeprefix("W/") for tag in header.split(",")}
    if etag_for(obj) not in offered:
        raise PreconditionFailed()


class RulePermission(permissions.BasePermission):
    """Reads pass (querysets are already limited to what the user sees); a write asks the rule
    its view names for the action in ``permission_rules`` (``tenancy.rules``): a create asks
    "anywhere?" (the operation then asks about the parent), a write to one object asks about it.
    An action with no rule named is refused."""

    def has_permission(self, request, view):
        # A method the view does not offer answers 405, and one object's write asks about that
        # object once it is found (another service's is a 404, not a 403).
        if request.method in permissions.SAFE_METHODS or view.action is None or view.detail:
            return True
        rule = view.permission_rules.get(view.action)
        return rule is not None and request.user.has_perm(rule)

    def has_object_permission(self, request, view, obj):
        if request.method in permissions.SAFE_METHODS:
            return True
        # The browsable API also asks about the object a transition returned.
        obj = getattr(obj, "action", obj)
        rule = view.permission_rules.get(view.action)
        return rule is not None and request.user.has_perm(rule, obj)


def refuse_change(serializer, attrs, *fields: str) -> None:
    """400 when an update tries to change fields that are fixed once the object exists."""
    instance = serializer.instance
    if instance is None:
        return
    errors = {
        field: ["This cannot be changed once set."]
        for field in fields
        if field in attrs and attrs[field] != getattr(instance, field)
    }
    if errors:
        raise exceptions.ValidationError(errors)


class OperationWriteMixin:
    """Create and update through the domain operations, answering with a fresh read.

    A view defines ``perform_create(serializer)`` and ``perform_update(serializer)`` returning the
    saved object; the response is re-read through ``get_queryset()`` so it carries the same
    annotations and roll-ups as a GET. Updates honour ``If-Match`` (412 when stale), checked
    against the row locked for the write so two writers cannot both pass.
    """

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        obj = self.perform_create(serializer)
        return self.read_response(obj, status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        instance = self.get_object()
        serializer = self.get_serializer(instance, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        obj = self.guarded_write(request, instance, lambda _: self.perform_update(serializer))
        return self.read_response(obj)

    def guarded_write(self, request, instance, write):
        """Run ``write(instance)`` unless ``If-Match`` is stale (412), holding the row's lock."""
        with transaction.atomic():
            locked = type(instance).objects.select_for_update().get(pk=instance.pk)
            check_if_match(request, locked)
            return write(instance)

    def retrieve(self, request, *args, **kwargs):
        return self.respond(self.get_object())

    def read_response(self, obj, status_code=status.HTTP_200_OK):
        """The object as a GET would show it after a write (re-read with the view's queryset)."""
        return self.respond(self.get_queryset().get(pk=obj.pk), status_code)

    def respond(self, obj, status_code=status.HTTP_200_OK):
        response = Response(self.get_serializer(obj).data, status=status_code)
        if hasattr(obj, "updated_at"):
            response["ETag"] = etag_for(obj)
        return response


def assign(instance, values: dict):
    """Set validated values on a model instance (not saved)."""
    for field, value in values.items():
        setattr(instance, field, value)
    return instance
