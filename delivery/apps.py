from django.apps import AppConfig


class DeliveryConfig(AppConfig):
    """The delivery ledger (every email and webhook request that must go out once), where it may
    go (webhook endpoints), and the one pipeline that claims, sends, retries and sweeps it."""

    name = "delivery"
    verbose_name = "Deliveries and webhooks"
