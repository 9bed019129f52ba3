from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "webhooks"
    verbose_name = "Webhooks"

    def ready(self) -> None:
        # Registers the handler that turns every dispatched event into webhook deliveries.
        from webhooks import handlers  # noqa: F401
