"""Which pack was asked for: the day and the format, checked the same way for the API, the
board page and the command. Errors are Django ``ValidationError``s keyed by field."""

from datetime import date

from django.core.exceptions import ValidationError

from board.exports import FORMATS

DATE_MESSAGE = "Give the date as YYYY-MM-DD, e.g. 2026-11-23."
FUTURE_MESSAGE = "The pack can be as at today or an earlier date, not a later one."


def pack_day(value: str | None, *, today: date, field: str = "as_at") -> date:
    """The day of ``value`` (ISO ``YYYY-MM-DD``), default ``today``; never after ``today``
    (a pack as at tomorrow would change as today goes on)."""
    if not value:
        return today
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise ValidationError({field: DATE_MESSAGE}) from None
    if len(value) != len("YYYY-MM-DD"):
        raise ValidationError({field: DATE_MESSAGE})
    if day > today:
        raise ValidationError({field: FUTURE_MESSAGE})
    return day


def pack_format(value: str | None, *, field: str = "format") -> str:
    """The format asked for, default json."""
    name = (value or "json").lower()
    if name not in FORMATS:
        raise ValidationError({field: f"Choose one of {', '.join(FORMATS)}."})
    return name


def pack_request(params, *, today: date) -> tuple[date, str]:
    """``(day, format)`` from query parameters, every field's error at once."""
    errors: dict[str, list[str]] = {}
    day, name = today, "json"
    try:
        day = pack_day(params.get("as_at"), today=today)
    except ValidationError as error:
        errors.update(error.message_dict)
    try:
        name = pack_format(params.get("format"))
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    return day, name
