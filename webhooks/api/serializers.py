"""Shapes of webhooks and their deliveries in the API (business rules live on the model)."""

from rest_framework import serializers

from actions.api.plan_serializers import VisibleRelatedField
from core.api import ModelSerializer
from delivery.models import Delivery, DeliveryAttempt, Webhook
from events.catalogue import EventType
from tenancy.models import YouthJusticeService


class WebhookSerializer(ModelSerializer):
    service = VisibleRelatedField(queryset=YouthJusticeService.objects.all())
    event_types = serializers.ListField(
        child=serializers.ChoiceField(choices=EventType.choices),
        required=False,
        help_text="Event types to send; empty (the default) sends every type.",
    )
    secret = serializers.CharField(
        read_only=True,
        help_text="Signs each delivery (Standard Webhooks: webhook-signature); keep it private.",
    )
    created_by: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="username", read_only=True
    )

    class Meta:
        model = Webhook
        fields = [
            "id",
            "service",
            "name",
            "url",
            "event_types",
            "active",
            "secret",
            "created_by",
            "created_at",
        ]
        read_only_fields = ["created_at"]


class WebhookAttemptSerializer(serializers.ModelSerializer):
    class Meta:
        model = DeliveryAttempt
        fields = ["id", "attempted_at", "response_status", "error", "duration_ms"]


class WebhookDeliverySerializer(serializers.ModelSerializer):
    event_type = serializers.CharField(source="kind", read_only=True)
    attempt_log = WebhookAttemptSerializer(many=True, read_only=True)

    class Meta:
        model = Delivery
        fields = [
            "id",
            "webhook",
            "event",
            "event_type",
            "status",
            "attempts",
            "last_status_code",
            "last_error",
            "next_attempt_at",
            "created_at",
            "sent_at",
            "attempt_log",
        ]
        read_only_fields = fields
