"""The API's JSON parser: DRF's, refusing bodies nested too deeply or carrying a NUL character.

Both are refused at the edge, before a serializer or the database sees them: deep nesting would
exhaust Python's recursion limit (a 500), and PostgreSQL cannot store a NUL in text. The error is
a 400 under the top-level field it was found in (``non_field_errors`` when the body is not an
object).
"""

from rest_framework import exceptions, parsers
from rest_framework.settings import api_settings

MAX_DEPTH = 32
TOO_DEEP = f"Nested more than {MAX_DEPTH} levels deep."
NULL_CHARACTER = "Null characters are not allowed."
# Not core.api's constant: DRF imports this module while core.api is still importing DRF.
NON_FIELD_ERRORS = api_settings.NON_FIELD_ERRORS_KEY


class JSONParser(parsers.JSONParser):
    """``parsers.JSONParser`` with a nesting limit (``MAX_DEPTH``) and no NUL characters."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise exceptions.ValidationError({NON_FIELD_ERRORS: [TOO_DEEP]}) from None
        problem = refusal(data)
        if problem:
            raise exceptions.ValidationError({problem[0]: [problem[1]]})
        return data


def refusal(data) -> tuple[str, str] | None:
    """``(field, message)`` for the first value nested too deeply or holding a NUL, else None.

    Walked with a stack, not recursion, so the check cannot itself run out of stack.
    """
    if isinstance(data, dict):
        roots = [(_field(key), value, 1, key) for key, value in data.items()]
    else:
        roots = [(NON_FIELD_ERRORS, data, 0, "")]
    stack = list(reversed(roots))
    while stack:
        field, value, depth, key = stack.pop()
        if "\x00" in key:
            return (field, NULL_CHARACTER)
        if depth > MAX_DEPTH:
            return (field, TOO_DEEP)
        if isinstance(value, str) and "\x00" in value:
            return (field, NULL_CHARACTER)
        if isinstance(value, dict):
            stack.extend((field, item, depth + 1, str(k)) for k, item in value.items())
        elif isinstance(value, list):
            stack.extend((field, item, depth + 1, "") for item in value)
    return None


def _field(key: str) -> str:
    return NON_FIELD_ERRORS if "\x00" in key else key
