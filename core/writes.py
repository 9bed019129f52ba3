"""Writing a change over the row as it is now, not over the copy the caller read earlier."""

from collections.abc import Iterable

from django.db import models


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
