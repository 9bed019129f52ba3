"""``manage.py load_framework FILE.json``: add or update inspection frameworks from data."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from inspections import catalogue
from inspections.models import Domain, Framework, RatingLevel, ScoreBand, Standard

MODELS = {
    "Framework": Framework,
    "RatingLevel": RatingLevel,
    "ScoreBand": ScoreBand,
    "Domain": Domain,
    "Standard": Standard,
}


class Command(BaseCommand):
    help = (
        "Load one framework, or a list of them, from a JSON file shaped like "
        "inspections/fixtures/frameworks.json. Loading the same file again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="JSON file: a framework object or a list of them.")

    def handle(self, *args, **options):
        try:
            frameworks = catalogue.read_catalogue(options["path"])
        except (OSError, json.JSONDecodeError) as error:
            raise CommandError(f"Cannot read {options['path']}: {error}") from None
        try:
            with transaction.atomic():
                loaded = [catalogue.load_framework(data, MODELS) for data in frameworks]
        except KeyError as error:
            raise CommandError(f"A framework in the file lacks the field {error}.") from None
        for framework in loaded:
            standards = Standard.objects.filter(domain__framework=framework).count()
            self.stdout.write(
                self.style.SUCCESS(
                    f"Loaded {framework.code}: {framework.name} ({standards} standards)."
                )
            )
