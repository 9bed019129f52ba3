"""Trigram indexes for the search of actions (the API's ?q= and the admin's search box).

PostgreSQL only: ``icontains`` is ``UPPER(column::text) LIKE UPPER(%s)``, which a GIN trigram
index on that expression answers without scanning every row. SQLite keeps its plain search. The
pg_trgm extension needs a role allowed to create it; without one the indexes are left out (the
search still works, by scanning) and the migration says so.
"""

from django.db import migrations, transaction

INDEXES = {
    "actions_action_reference_trgm": ("actions_action", "reference"),
    "actions_action_title_trgm": ("actions_action", "title"),
    "actions_action_description_trgm": ("actions_action", "description"),
    "inspections_recommendation_text_trgm": ("inspections_recommendation", "text"),
}


def create(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except Exception as error:  # noqa: BLE001 - any refusal leaves the search unindexed, not broken
        print(f"\n  pg_trgm is not available ({error}); action search stays unindexed.")
        return
    for name, (table, column) in INDEXES.items():
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" '
            f'USING gin ((UPPER("{column}"::text)) gin_trgm_ops)'
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):
    dependencies = [
        ("actions", "0005_progress_by_partner_contact"),
        ("inspections", "0003_bounded_recommendation_text"),
    ]

    operations = [migrations.RunPython(create, drop)]
