"""A service's plan at a glance, in a fixed number of queries whatever its size.

Every figure comes from ``actions.rollup.rag_counts`` grouped three ways (by inspection, by
domain and by standard, an action counting under each standard of its recommendation), plus one
count of actions due within 30 days and two small lookups for names.
"""

from datetime import date

from rest_framework import serializers

from actions.choices import RAG
from actions.models import Action
from actions.rag import RagCounts
from actions.rollup import rag_counts
from inspections.api.serializers import RagCountsSerializer
from inspections.models import Inspection, Recommendation, Standard

DUE_SOON_DAYS = 30


def service_summary(service, *, today: date) -> dict:
    """The summary of ``service`` on ``today`` as plain data (see ``ServiceSummarySerializer``)."""
    recommendations = Recommendation.objects.filter(inspection__service=service)
    by_inspection = rag_counts(recommendations, by="inspection", today=today)
    by_domain = rag_counts(recommendations, by="standards__domain", today=today)
    by_standard = rag_counts(recommendations, by="standards", today=today)
    total = sum(by_inspection.values(), RagCounts())
    domains, standards = _domains_and_standards(by_domain, by_standard)
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
        "domains": domains,
        "standards": standards,
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


def _domains_and_standards(by_domain, by_standard) -> tuple[list[dict], list[dict]]:
    """Every domain counted is a domain of a counted standard: one query names them all."""
    standards = Standard.objects.filter(pk__in=[key for key in by_standard if key is not None])
    standards = list(standards.select_related("domain__framework"))
    domains = {s.domain_id: s.domain for s in standards if s.domain_id in by_domain}
    ordered = sorted(domains.values(), key=lambda d: (d.framework.code, d.order, d.code))
    return [_domain_row(d, by_domain[d.pk]) for d in ordered], [
        _standard_row(s, by_standard[s.pk]) for s in standards
    ]


def _domain_row(domain, counts) -> dict:
    return {
        "framework": domain.framework.code,
        "code": domain.code,
        "name": domain.name,
        "rag_counts": counts.as_dict(),
    }


def _standard_row(standard, counts) -> dict:
    return {
        **_domain_row(standard.domain, counts),
        "domain": standard.domain.code,
        "code": standard.code,
        "name": standard.name,
    }


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
