"""``manage.py import_plan PATH --inspection ID [--dry-run] [--as USERNAME]``."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from inspections.models import Inspection
from spreadsheets.columns import COLUMN_KEYS, IGNORE
from spreadsheets.operations import import_plan, preview_plan_import
from spreadsheets.reading import FileRefused, check_size
from tenancy.choices import ServiceRole


class Command(BaseCommand):
    help = (
        "Preview or import an improvement plan (XLSX or CSV) into an inspection: prints one line "
        "per problem with its row number and exits with status 1 when the file has errors."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The plan file (.xlsx or .csv).")
        parser.add_argument("--inspection", type=int, required=True, help="The inspection's id.")
        parser.add_argument("--dry-run", action="store_true", help="Report only; write nothing.")
        parser.add_argument(
            "--as",
            dest="username",
            help="Who imports (a manager of the service); default: its first service manager.",
        )
        parser.add_argument(
            "--map",
            dest="mappings",
            action="append",
            default=[],
            metavar="HEADING=COLUMN",
            help=f"Map a heading to a column ({', '.join(COLUMN_KEYS)} or {IGNORE}).",
        )
        parser.add_argument(
            "--create-owners",
            action="store_true",
            help="Create unknown owners given by email as plan owners and invite them.",
        )

    def handle(
        self, *args, path, inspection, dry_run, username, mappings, create_owners, **options
    ):
        inspection = self._inspection(inspection)
        actor = self._actor(inspection, username)
        content = self._content(Path(path))
        run = preview_plan_import if dry_run else import_plan
        preview = run(
            inspection=inspection,
            actor=actor,
            content=content,
            file_name=Path(path).name,
            mapping=_mapping(mappings),
            create_owners=create_owners,
        )
        self._report(preview, imported=not dry_run)
        if preview.errors:
            raise CommandError(f"{len(preview.errors)} problem(s): nothing was imported.")

    def _inspection(self, pk: int) -> Inspection:
        try:
            return Inspection.objects.select_related("service").get(pk=pk)
        except Inspection.DoesNotExist:
            raise CommandError(f"No inspection has the id {pk}.") from None

    def _actor(self, inspection, username):
        users = get_user_model().objects
        if username:
            try:
                return users.get(username=username)
            except users.model.DoesNotExist:
                raise CommandError(f"No user is called {username!r}.") from None
        manager = (
            users.filter(
                service_memberships__service=inspection.service,
                service_memberships__role=ServiceRole.SERVICE_MANAGER,
                is_active=True,
            )
            .order_by("username")
            .first()
        )
        if manager is None:
            raise CommandError("The service has no manager to import as: give --as USERNAME.")
        return manager

    def _content(self, path: Path) -> bytes:
        try:
            check_size(path.stat().st_size)
            return path.read_bytes()
        except FileRefused as refused:
            raise CommandError(str(refused)) from None
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}.") from None

    def _report(self, preview, *, imported: bool) -> None:
        for problem in preview.errors:
            self.stderr.write(f"Error: {problem}")
        for problem in preview.warnings:
            self.stdout.write(f"Warning: {problem}")
        created, updated = preview.created, preview.updated
        verb = "Imported" if imported and not preview.errors else "Would import"
        self.stdout.write(
            f"{verb}: {created['recommendations']} recommendations and {created['actions']} "
            f"actions created, {updated['recommendations']} recommendations and "
            f"{updated['actions']} actions updated, {created['progress_updates']} progress "
            f"updates, {created['owners']} owners invited; {preview.unchanged} rows unchanged."
        )


def _mapping(pairs: list[str]) -> dict[str, str]:
    mapping = {}
    for pair in pairs:
        heading, _, key = pair.rpartition("=")
        if not heading or key not in (*COLUMN_KEYS, IGNORE):
            raise CommandError(
                f"--map {pair!r}: write HEADING=COLUMN, COLUMN one of {', '.join(COLUMN_KEYS)} or {IGNORE}."
            )
        mapping[heading] = key
    return mapping
