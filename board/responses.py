"""A pack as an HTTP download: its media type and a file name naming the service and day."""

from django.http import HttpResponse

from board.exports import FORMATS, filename


def pack_response(pack: dict, format_name: str) -> HttpResponse:
    """The rendered pack, to be saved (or, for json, read) under its file name."""
    chosen = FORMATS[format_name]
    response = HttpResponse(chosen.render(pack), content_type=chosen.content_type)
    disposition = "inline" if format_name == "json" else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename(pack, format_name)}"'
    return response
