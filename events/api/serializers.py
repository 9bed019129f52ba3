"""The shape of an event in the feed: facts only (ids, old and new values), JSON-safe."""

from rest_framework import serializers

from events.models import DomainEvent

# The columns the feed shows; dispatch bookkeeping (attempts, errors) stays out of the query.
FEED_COLUMNS = (
    "id",
    "type",
    "occurred_at",
    "actor_id",
    "service_id",
    "subject_type",
    "subject_id",
    "data",
)


class SubjectSerializer(serializers.Serializer):
    type = serializers.CharField(source="subject_type")
    id = serializers.IntegerField(source="subject_id")


class EventSerializer(serializers.ModelSerializer):
    subject = SubjectSerializer(source="*")

    class Meta:
        model = DomainEvent
        fields = ["id", "type", "occurred_at", "actor", "service", "subject", "data"]
        read_only_fields = fields

    def to_representation(self, event):
        # Read only and read in bulk by feed followers: built directly (the fields above stay the
        # schema), which makes a page of 100 several times cheaper than field-by-field rendering.
        return {
            "id": event.pk,
            "type": event.type,
            "occurred_at": self.fields["occurred_at"].to_representation(event.occurred_at),
            "actor": event.actor_id,
            "service": event.service_id,
            "subject": {"type": event.subject_type, "id": event.subject_id},
            "data": event.data,
        }
