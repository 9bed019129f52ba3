"""Managers register webhooks and follow their deliveries; other roles see none of them."""

from django.db.models import Prefetch
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, permissions, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api import refuse_change
from delivery.models import Channel, Delivery, DeliveryAttempt, Webhook
from delivery.pipeline import restart
from delivery.tasks import schedule_delivery
from tenancy.rules import require
from webhooks.api.serializers import WebhookDeliverySerializer, WebhookSerializer
from webhooks.filtersets import WebhookDeliveryFilterSet


class WebhookViewSet(viewsets.ModelViewSet):
    """The webhooks of the services you manage. The secret is generated when one is created."""

    serializer_class = WebhookSerializer

    def get_queryset(self):
        return Webhook.objects.managed_by(self.request.user).select_related("created_by")

    def perform_create(self, serializer):
        require(self.request.user, "delivery.add_webhook", serializer.validated_data["service"])
        webhook = Webhook(**serializer.validated_data, created_by=self.request.user)
        serializer.instance = self._save(webhook)

    def perform_update(self, serializer):
        refuse_change(serializer, serializer.validated_data, "service")
        webhook = serializer.instance
        for field, value in serializer.validated_data.items():
            setattr(webhook, field, value)
        self._save(webhook)

    def _save(self, webhook: Webhook) -> Webhook:
        webhook.full_clean()
        webhook.save()
        return webhook


class WebhookDeliveryViewSet(viewsets.ReadOnlyModelViewSet):
    """Deliveries to your webhooks with every attempt, newest first; failed ones can be re-sent."""

    serializer_class = WebhookDeliverySerializer
    filterset_class = WebhookDeliveryFilterSet

    def get_queryset(self):
        attempts = DeliveryAttempt.objects.order_by("attempted_at", "id")
        return (
            Delivery.objects.webhook_requests()
            .managed_by(self.request.user)
            .prefetch_related(Prefetch("attempt_log", attempts))
            .order_by("-id")
        )

    @extend_schema(request=None, responses=WebhookDeliverySerializer)
    @action(detail=True, methods=["post"], permission_classes=[permissions.IsAuthenticated])
    def resend(self, request, pk=None):
        """Send a failed or given-up delivery again now, with a fresh allowance of retries."""
        delivery = self.get_object()
        if not restart([delivery.pk], now=timezone.now()):
            message = f"Only a failed delivery can be sent again; this one is {delivery.status}."
            raise exceptions.ValidationError({"status": [message]})
        schedule_delivery(delivery.pk, Channel.WEBHOOK)
        return Response(self.get_serializer(self.get_queryset().get(pk=delivery.pk)).data)
