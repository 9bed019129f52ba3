"""Writing a change over the row as it is now, not over the copy the caller read earlier; and
inserting a batch of new rows with the checks ``full_clean`` makes of one."""

from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, connections, models, router, transaction


def keep_unchanged_fields(
    instance: models.Model, current: models.Model, changed: Iterable[str] | None
) -> None:
    """Copy onto ``instance`` every field of ``current`` (the row re-read under its lock) that the
    caller did not change, so a change another request committed meanwhile to any other field
    is kept rather than overwritten with what the caller read before. ``changed`` names fields
    (a PATCH's keys, a form's changed data); None means the caller edited every field."""
    if changed is None:
        return
    changed = set(changed)
    for field in type(instance)._meta.concrete_fields:
        if field.name not in changed and field.attname not in changed:
            setattr(instance, field.attname, getattr(current, field.attname))


# Rows per INSERT in a batch of writes.
INSERT_BATCH_SIZE = 1000


def clean_for_batch(instance: models.Model, *, given: Iterable[str]) -> None:
    """``full_clean`` for a row about to be inserted with others by ``insert_checked``: every
    field and ``clean()`` rule, without the per-row queries a batch must not make. The relations
    in ``given`` are instances the caller read in this transaction (Django would query each to
    see it exists); the constraints are checked by the database on insert."""
    instance.full_clean(exclude=list(given), validate_constraints=False)


def insert_checked(model: type[models.Model], instances: list) -> list:
    """Insert ``instances`` (cleaned with ``clean_for_batch``) in a few INSERTs, in a savepoint.

    The database holds the model's constraints; when one is broken, each instance's
    ``validate_constraints()`` (Django's own check, one query per constraint and row) raises the
    constraint's message as a ``ValidationError``, as ``full_clean`` would have done row by row.
    """
    try:
        with transaction.atomic():
            return model._default_manager.bulk_create(instances, batch_size=INSERT_BATCH_SIZE)
    except IntegrityError:
        for instance in instances:
            instance.pk = None  # A batch that went in before the one refused was rolled back.
            instance.validate_constraints()
        raise


def update_columns(model: type[models.Model], instances: list, fields: list[str]) -> None:
    """Write ``fields`` of each instance to its row: ``bulk_update`` in one
    ``WITH v AS (VALUES …) UPDATE … FROM v`` per ``INSERT_BATCH_SIZE`` rows.

    Django's ``bulk_update`` writes ``CASE WHEN id = … THEN …`` with a branch per row, which
    the database evaluates for every row: a batch of n rows costs n², and 5,000 RAGs took
    seconds. Like ``bulk_update``, it does not touch ``auto_now`` fields not named.
    """
    if not instances:
        return
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    columns: list[Any] = [model._meta.pk, *(model._meta.get_field(name) for name in fields)]
    names = [quote(column.column) for column in columns]
    # PostgreSQL types a VALUES list from its first row's literals (as text): cast each.
    cast = connection.vendor == "postgresql"
    row = (
        "("
        + ", ".join(f"CAST(%s AS {c.cast_db_type(connection)})" if cast else "%s" for c in columns)
        + ")"
    )
    table = quote(model._meta.db_table)
    assignments = ", ".join(f"{name} = v.{name}" for name in names[1:])
    with connection.cursor() as cursor:
        for start in range(0, len(instances), INSERT_BATCH_SIZE):
            chunk = instances[start : start + INSERT_BATCH_SIZE]
            params = [
                column.get_db_prep_save(getattr(instance, column.attname), connection)
                for instance in chunk
                for column in columns
            ]
            cursor.execute(
                f"WITH v ({', '.join(names)}) AS (VALUES {', '.join([row] * len(chunk))}) "
                f"UPDATE {table} SET {assignments} FROM v WHERE {table}.{names[0]} = v.{names[0]}",
                params,
            )


def insert_new(model: type[models.Model], instances: list) -> bool:
    """Insert rows whose unique keys the caller found not yet recorded, setting their ids; True.

    On PostgreSQL the rows go in by ``COPY`` (see ``copy_rows``). If another writer recorded
    one of the keys meanwhile, the lot is inserted again skipping the rows already there, and
    False says that the ids are unknown: the caller must look its rows up by their keys.
    """
    if not instances:
        return True
    connection = connections[router.db_for_write(model)]
    try:
        with transaction.atomic(using=connection.alias):
            if connection.vendor == "postgresql":
                copy_rows(connection, model, instances)
            else:
                model._default_manager.bulk_create(instances, batch_size=INSERT_BATCH_SIZE)
        return True
    except IntegrityError:
        for instance in instances:
            instance.pk = None
        model._default_manager.bulk_create(
            instances, ignore_conflicts=True, batch_size=INSERT_BATCH_SIZE
        )
        return False


# Fields whose value PostgreSQL takes as Python holds it (after ``pre_save``, which fills
# ``auto_now`` dates): their ``get_db_prep_save`` returns the value unchanged on PostgreSQL, and
# calling it for every field of every row was two thirds of the time a ``COPY`` took.
PLAIN_FIELD_TYPES = frozenset(
    {
        *("AutoField", "BigAutoField", "BigIntegerField", "BooleanField", "CharField"),
        *("DateField", "DateTimeField", "EmailField", "ForeignKey", "IntegerField"),
        *("PositiveIntegerField", "PositiveSmallIntegerField", "SlugField", "SmallIntegerField"),
        *("TextField", "URLField"),
    }
)


def copy_rows(connection, model: type[models.Model], instances: list) -> None:
    """Insert new ``instances`` with one ``COPY`` (PostgreSQL), setting their ids.

    ``bulk_create`` binds every value of every row into the statement's text on the client
    (Django's default ``ClientCursor``), which cost the deadline scan seven of its twenty
    seconds; ``COPY`` streams the rows. The ids are drawn from the table's sequence first, in
    one query, as ``INSERT`` would draw them. A broken constraint raises ``IntegrityError`` and
    inserts nothing.
    """
    meta = model._meta
    fields = [field for field in meta.concrete_fields if not field.primary_key]
    prepare = [
        None if field.get_internal_type() in PLAIN_FIELD_TYPES else field.get_db_prep_save
        for field in fields
    ]
    quote = connection.ops.quote_name
    table, pk_column = quote(meta.db_table), meta.pk.column
    columns = ", ".join(quote(column) for column in [pk_column, *(f.column for f in fields)])
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [meta.db_table, pk_column, len(instances)],
        )
        ids = [row[0] for row in cursor.fetchall()]
        with (
            connection.wrap_database_errors,
            cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
        ):
            for pk, instance in zip(ids, instances, strict=True):
                row = [pk]
                for field, prep in zip(fields, prepare, strict=True):
                    value = field.pre_save(instance, True)
                    row.append(value if prep is None else prep(value, connection))
                copy.write_row(row)
    for pk, instance in zip(ids, instances, strict=True):
        instance.pk = pk
        instance._state.adding, instance._state.db = False, connection.alias
