"""Routes of the webhooks API, registered on the one ``/api/v1/`` router."""

from webhooks.api.views import WebhookDeliveryViewSet, WebhookViewSet

routes = [
    ("webhooks", WebhookViewSet, "webhook"),
    ("webhook-deliveries", WebhookDeliveryViewSet, "webhook-delivery"),
]
