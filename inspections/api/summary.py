"""A service's plan at a glance, in a fixed number of queries whatever its size.

Every figure comes from ``actions.rollup.rag_counts`` grouped three ways (by inspection, by
domain and by standard, an action counting under each standard of its recommendation), plus one
count of actions due within 30 days and three small lookups for names.
"""

from datetime import date

from rest_framework import serializers

from actions.choices import RAG
from actions.models import Action
from actions.rag import RagCounts
from actions.rollup import rag_counts
from inspections.api.serializers import RagCountsSerializer
from inspections.models import Domain, Inspection, Recommendation, Standard

DUE_SOON_DAYS = 30


def service_summary(service, *, today: date) -> dict:
    """The summary of ``service`` on ``today`` as plain data (see ``ServiceSummarySerializer``)."""
    recommendations = Recommendation.objects.filter(inspection__service=service)
    by_inspection = rag_counts(recommendations, by="inspection", today=today)
    by_domain = rag_counts(recommendations, by="standards__domain", today=today)
    by_standard = rag_counts(recommendations, by="standards", today=today)
    total = sum(by_inspection.values(), RagCounts())
    return {
        "service": service.pk,
        "on": today,
        "rag": total.rag,
        "rag_counts": total.as_dict(),
        "overdue": total.overdue,
        "due_within_30_days": Action.objects.in_service(service)
        .due_within(today, DUE_SOON_DAYS)
        .count(),
        "percent_complete": total.percent_complete,
        "inspections": _inspections(service, by_inspection),
        "domains": _domains(by_domain),
        "standards": _standards(by_standard),
    }


def _inspections(service, counts) -> list[dict]:
    inspections = Inspection.objects.filter(service=service).select_related("service", "framework")
    return [
        {
            "id": inspection.pk,
            "title": str(inspection),
            "framework": inspection.framework.code,
            "rag_counts": counts.get(inspection.pk, RagCounts()).as_dict(),
        }
        for inspection in inspections
    ]


def _domains(counts) -> list[dict]:
    domains = Domain.objects.filter(pk__in=[key for key in counts if key is not None])
    return [
        {
            "framework": domain.framework.code,
            "code": domain.code,
            "name": domain.name,
            "rag_counts": counts[domain.pk].as_dict(),
        }
        for domain in domains.select_related("framework")
    ]


def _standards(counts) -> list[dict]:
    standards = Standard.objects.filter(pk__in=[key for key in counts if key is not None])
    return [
        {
            "framework": standard.domain.framework.code,
            "domain": standard.domain.code,
            "code": standard.code,
            "name": standard.name,
            "rag_counts": counts[standard.pk].as_dict(),
        }
        for standard in standards.select_related("domain__framework")
    ]


class InspectionSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    framework = serializers.CharField()
    rag_counts = RagCountsSerializer()


class DomainSummarySerializer(serializers.Serializer):
    framework = serializers.CharField()
    code = serializers.CharField()
    name = serializers.CharField()
    rag_counts = RagCountsSerializer()


class StandardSummarySerializer(DomainSummarySerializer):
    domain = serializers.CharField()


class ServiceSummarySerializer(serializers.Serializer):
    """The shape of ``services/{id}/summary/``."""

    service = serializers.IntegerField()
    on = serializers.DateField(help_text="The date the figures are for (today).")
    rag = serializers.ChoiceField(choices=RAG.choices)
    rag_counts = RagCountsSerializer()
    overdue = serializers.IntegerField()
    due_within_30_days = serializers.IntegerField()
    percent_complete = serializers.IntegerField()
    inspections = InspectionSummarySerializer(many=True)
    domains = DomainSummarySerializer(many=True)
    standards = StandardSummarySerializer(many=True)
