"""Service managers' model rights on webhooks, added to the role group the inspections app keeps.

The inspections app resets its groups to exactly its own list after every migrate or flush
(post_migrate), so this app adds its rights back in its own post_migrate handler, which runs
after (webhooks comes later in INSTALLED_APPS). Which rows a manager sees is ``managed_by``.
"""

SERVICE_MANAGER_GROUP = "Service manager"
SERVICE_MANAGER_PERMISSIONS = [
    "add_webhook",
    "change_webhook",
    "delete_webhook",
    "view_webhook",
    "view_webhookdelivery",
    "view_webhookattempt",
]


def grant_manager_permissions(sender=None, using="default", **kwargs) -> None:
    """Give the Service manager group its webhook rights (idempotent; adds, never removes)."""
    from django.contrib.auth.models import Group, Permission

    group = Group.objects.using(using).filter(name=SERVICE_MANAGER_GROUP).first()
    if group is None:
        return
    permissions = Permission.objects.using(using).filter(
        content_type__app_label="webhooks", codename__in=SERVICE_MANAGER_PERMISSIONS
    )
    group.permissions.add(*permissions)
