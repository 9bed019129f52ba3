"""A service's plan at a glance, in a fixed number of queries whatever its size.

Every figure is a sum of per-recommendation ``RagCounts`` from ``actions.rollup.rag_counts``:
an action belongs to one recommendation, so summing recommendations counts each action once per
inspection, per domain and per standard (an action counts under every standard its
recommendation relates to). Beside that aggregate: which recommendation is in which inspection
and relates to which standards, the inspections' names, and a count of actions due soon.
"""

from datetime import date

from rest_framework import serializers

from actions.api.plan_serializers import RagCountsSerializer
from actions.models import Action
from actions.rag import RagCounts
from actions.rollup import rag_counts
from inspections.choices import RAG
from inspections.models import Inspection, Recommendation

StandardLink = Recommendation.standards.through


def service_summary(service, *, today: date) -> dict:
    """The summary of ``service`` on ``today`` as plain data (see ``ServiceSummarySerializer``)."""
    recommendations = Recommendation.objects.filter(inspection__service=service)
    per_recommendation = rag_counts(recommendations, by="id", today=today)
    inspection_of = dict(recommendations.values_list("id", "inspection_id"))
    links = list(
        StandardLink.objects.filter(recommendation__in=recommendations).select_related(
            "standard__domain__framework"
        )
    )
    by_inspection = roll_up(((i, r) for r, i in inspection_of.items()), per_recommendation)
    total = sum(by_inspection.values(), RagCounts())
    return {
        "service": service.pk,
        "on": today,
        "rag": total.rag,
        "rag_counts": total.as_dict(),
        "overdue": total.overdue,
        "due_soon": Action.objects.in_service(service)
        .due_within(today, service.rag_due_soon_days)
        .count(),
        "due_soon_days": service.rag_due_soon_days,
        "percent_complete": total.percent_complete,
        "inspections": _inspections(service, by_inspection),
        "domains": domain_rows(links, per_recommendation),
        "standards": standard_rows(links, per_recommendation),
    }


def roll_up(pairs, per_recommendation) -> dict:
    """``RagCounts`` per key from ``(key, recommendation id)`` pairs, each pair counted once."""
    totals: dict = {}
    for key, recommendation_id in set(pairs):
        counts = per_recommendation.get(recommendation_id, RagCounts())
        totals[key] = totals.get(key, RagCounts()) + counts
    return totals


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


def domain_rows(links, per_recommendation) -> list[dict]:
    """Per domain the standard links reach, the sum of its recommendations' counts."""
    counts = roll_up(
        ((link.standard.domain_id, link.recommendation_id) for link in links), per_recommendation
    )
    domains = {link.standard.domain_id: link.standard.domain for link in links}
    ordered = sorted(domains.values(), key=lambda d: (d.framework.code, d.order, d.code))
    return [_domain_row(domain, counts[domain.pk]) for domain in ordered]


def standard_rows(links, per_recommendation) -> list[dict]:
    """Per standard the links reach, the sum of its recommendations' counts."""
    counts = roll_up(
        ((link.standard_id, link.recommendation_id) for link in links), per_recommendation
    )
    standards = {link.standard_id: link.standard for link in links}
    ordered = sorted(
        standards.values(),
        key=lambda s: (s.domain.framework.code, s.domain.order, s.order, s.code),
    )
    return [_standard_row(standard, counts[standard.pk]) for standard in ordered]


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
    due_soon = serializers.IntegerField(
        help_text="Open actions due today or within the service's due-soon window."
    )
    due_soon_days = serializers.IntegerField(
        help_text="The service's due-soon window in days (its Amber threshold)."
    )
    percent_complete = serializers.IntegerField()
    inspections = InspectionSummarySerializer(many=True)
    domains = DomainSummarySerializer(many=True)
    standards = StandardSummarySerializer(many=True)
