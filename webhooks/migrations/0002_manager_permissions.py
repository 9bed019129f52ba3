"""Lets service managers register webhooks and read their deliveries in the admin.

Adds to the groups created by inspections 0003 rather than resetting them, so it composes with
other apps' grants. Which service's webhooks a manager sees is decided by ``managed_by``.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from webhooks.permissions import SERVICE_MANAGER_GROUP, SERVICE_MANAGER_PERMISSIONS


def grant(apps, schema_editor):
    app_config = apps.get_app_config("webhooks")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=SERVICE_MANAGER_GROUP)
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="webhooks", codename__in=SERVICE_MANAGER_PERMISSIONS
        )
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name=SERVICE_MANAGER_GROUP):
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="webhooks", codename__in=SERVICE_MANAGER_PERMISSIONS
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("webhooks", "0001_initial"),
        ("inspections", "0003_role_groups"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
