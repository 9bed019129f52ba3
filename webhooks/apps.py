from django.apps import AppConfig
from django.db.models.signals import post_migrate


class WebhooksConfig(AppConfig):
    name = "webhooks"
    verbose_name = "Webhooks"

    def ready(self) -> None:
        # Registers the handler that turns every dispatched event into webhook deliveries.
        from webhooks import handlers  # noqa: F401
        from webhooks.permissions import grant_manager_permissions

        post_migrate.connect(grant_manager_permissions, sender=self)
