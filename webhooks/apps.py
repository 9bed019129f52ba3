from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    """Webhooks: the event fan-out, Standard Webhooks signing, the HTTP transport, and the pages
    (admin and API) where managers register endpoints. The endpoints and the ledger are in
    ``delivery``."""

    name = "webhooks"
    verbose_name = "Webhooks"

    def ready(self) -> None:
        # Registers the handler that turns every event into deliveries, and the transport.
        from webhooks import handlers, requests  # noqa: F401
