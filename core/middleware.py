"""Requests whose query string or form values carry a NUL character are answered 400 here.

PostgreSQL cannot compare text with a NUL in it, so ``?framework=%00``, an admin list filter or
the admin's autocomplete ``term=%00`` would otherwise fail deep in a query (a 500). This is the
one place that refuses them, for the API, the admin and every page alike; JSON bodies are
checked by ``core.parsers.JSONParser``.
"""

from django.http import HttpResponse, JsonResponse

from core.parsers import NULL_CHARACTER

API_PREFIX = "/api/"
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


class RefuseNullCharactersMiddleware:
    """400 for a NUL in a query parameter or form field (its name or a value)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        field = null_field(request)
        if field is None:
            return self.get_response(request)
        if request.path.startswith(API_PREFIX):
            return JsonResponse({field: [NULL_CHARACTER]}, status=400)
        return HttpResponse(
            f"Bad request: “{field}” holds a null character.",
            status=400,
            content_type="text/plain; charset=utf-8",
        )


def null_field(request) -> str | None:
    """The first query parameter or form field whose name or value holds a NUL, else None."""
    sources = [request.GET]
    if request.method == "POST" and request.content_type in FORM_TYPES:
        sources.append(request.POST)
    for values in sources:
        for name, items in values.lists():
            if "\x00" in name or any("\x00" in item for item in items):
                return name.replace("\x00", "\\0")
    return None
