"""The shape of an event in the feed: facts only (ids, old and new values), JSON-safe."""

from rest_framework import serializers

from notifications.models import DomainEvent


class SubjectSerializer(serializers.Serializer):
    type = serializers.CharField(source="subject_type")
    id = serializers.IntegerField(source="subject_id")


class EventSerializer(serializers.ModelSerializer):
    subject = SubjectSerializer(source="*")

    class Meta:
        model = DomainEvent
        fields = ["id", "type", "occurred_at", "actor", "service", "subject", "data"]
        read_only_fields = fields
