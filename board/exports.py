"""The board pack in each format: json, csv, xlsx and pdf, all rendered from ``build_pack``'s
one structure, so each carries the same rows. Each renderer returns bytes."""

import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass

from django.core.serializers.json import DjangoJSONEncoder
from django.template.loader import render_to_string
from django.utils.text import slugify

from board.columns import COLUMNS, row_values
from board.presentation import pack_context
from board.spreadsheet import workbook_of


def render_json(pack: dict) -> bytes:
    return json.dumps(pack, cls=DjangoJSONEncoder, ensure_ascii=False).encode()


def render_csv(pack: dict) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([heading for heading, _ in COLUMNS])
    for row in pack["rows"]:
        writer.writerow(["" if v is None else v for v in row_values(row)])
    # A byte-order mark, so Excel opens the UTF-8 as UTF-8 (names with accents, en dashes).
    return ("\ufeff" + buffer.getvalue()).encode()


def render_xlsx(pack: dict) -> bytes:
    return workbook_of(pack)


def render_pdf(pack: dict) -> bytes:
    # Imported when a PDF is made: WeasyPrint loads Pango and its fonts, which every web and
    # worker process would otherwise pay for at start-up.
    from weasyprint import HTML

    html = render_to_string("board/pack_document.html", pack_context(pack))
    return HTML(string=html).write_pdf()


@dataclass(frozen=True)
class Format:
    """A pack format: its media type, file extension and renderer."""

    content_type: str
    extension: str
    render: Callable[[dict], bytes]


FORMATS = {
    "json": Format("application/json", "json", render_json),
    "csv": Format("text/csv; charset=utf-8", "csv", render_csv),
    "xlsx": Format(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx", render_xlsx
    ),
    "pdf": Format("application/pdf", "pdf", render_pdf),
}


def filename(pack: dict, format_name: str) -> str:
    """E.g. ``board-pack-medway-youth-justice-service-2026-11-23.pdf``."""
    service = slugify(pack["service"]["name"]) or f"service-{pack['service']['id']}"
    return f"board-pack-{service}-{pack['as_at'].isoformat()}.{FORMATS[format_name].extension}"
