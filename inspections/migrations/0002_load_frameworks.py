"""Loads the HMIP 2018, 2021 and 2025 frameworks from inspections/fixtures/frameworks.json."""

from django.db import migrations


def load(apps, schema_editor):
    from inspections.catalogue import MODEL_NAMES, load_framework, read_catalogue

    models = {name: apps.get_model("inspections", name) for name in MODEL_NAMES}
    for framework in read_catalogue():
        load_framework(framework, models)


class Migration(migrations.Migration):
    dependencies = [("inspections", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
