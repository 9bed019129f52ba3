"""``manage.py board_pack --service <id> --as-at YYYY-MM-DD --format pdf --output PATH``."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from board.exports import FORMATS
from board.pack import build_pack
from board.params import pack_day, pack_format
from core import clock
from tenancy.models import YouthJusticeService


class Command(BaseCommand):
    help = "Write a service's board pack as at a date (the event log replayed to that day)."

    def add_arguments(self, parser):
        parser.add_argument("--service", required=True, help="The service's id.")
        parser.add_argument("--as-at", default=None, help="YYYY-MM-DD (default: today).")
        parser.add_argument("--format", default="pdf", help=f"One of {', '.join(FORMATS)}.")
        parser.add_argument("--output", required=True, help="The file to write.")

    def handle(self, *args, service, as_at, format, output, **options):
        try:
            day = pack_day(as_at, today=clock.today(), field="--as-at")
            name = pack_format(format, field="--format")
        except ValidationError as error:
            raise CommandError(
                " ".join(f"{k}: {' '.join(v)}" for k, v in error.message_dict.items())
            ) from None
        found = (
            YouthJusticeService.objects.filter(pk=service).first() if service.isdigit() else None
        )
        if found is None:
            raise CommandError(f"--service: no service has the id {service!r}.")
        Path(output).write_bytes(FORMATS[name].render(build_pack(found, as_at=day)))
        self.stdout.write(f"Wrote the board pack of {found.name} as at {day:%d %B %Y} to {output}.")
