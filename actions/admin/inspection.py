"""The inspection admin: standard ratings, the computed score and rating, the rolled-up RAG.

Writes go through ``inspections.operations.save_inspection``; the score is
``Inspection.score_result()`` and the roll-up ``actions.rollup.rag_counts``.
"""

from django.contrib import admin
from django.db.models import prefetch_related_objects
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from actions.admin.display import rag_badge
from actions.rag import RagCounts
from actions.rollup import rag_counts
from core import clock
from core.admin_filters import FilterSetListFilter
from inspections import operations
from inspections.choices import Rating
from inspections.filtersets import InspectionFilterSet
from inspections.models import Inspection, Standard, StandardRating
from tenancy.admin_base import ServiceScopedAdmin

# What scoring an inspection reads, fetched with the object rather than per rating.
SCORING_PREFETCH = (
    "standard_ratings__standard",
    "framework__rating_levels",
    "framework__score_bands",
    "framework__domains__standards",
)


class StandardRatingInline(admin.TabularInline):
    """One row per standard of the inspection's framework; unrated standards are offered blank."""

    model = StandardRating
    fields = ("standard", "rating")
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("standard__domain")

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        if obj is not None and "standard" in formset.form.base_fields:
            field = formset.form.base_fields["standard"]
            field.queryset = Standard.objects.filter(domain__framework=obj.framework_id)
        return formset

    def get_extra(self, request, obj=None, **kwargs):
        return len(unrated_standards(obj)) if obj is not None else 0


def unrated_standards(inspection) -> list[Standard]:
    """Standards of the inspection's framework that have no rating row yet."""
    rated = {rating.standard_id for rating in inspection.standard_ratings.all()}
    standards = Standard.objects.filter(domain__framework=inspection.framework_id)
    return [standard for standard in standards if standard.pk not in rated]


@admin.register(Inspection)
class InspectionAdmin(ServiceScopedAdmin):
    list_display = ("__str__", "rag_badge", "service", "kind", "framework", "published_on")
    list_select_related = ("service", "framework")
    list_filter = tuple(
        FilterSetListFilter.for_filter(InspectionFilterSet, name, title=title)
        for name, title in (
            ("service", "service"),
            ("framework", "framework"),
            ("kind", "kind"),
            ("rag", "RAG"),
        )
    )
    show_facets = admin.ShowFacets.NEVER
    search_fields = ("title", "service__name")
    inlines = (StandardRatingInline,)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related(*self.list_select_related)

    def get_object(self, request, object_id, from_field=None):
        inspection = super().get_object(request, object_id, from_field)
        if inspection is not None:
            prefetch_related_objects([inspection], *SCORING_PREFETCH)
            # Read by ``recommendation_summary``, which is given the object but not the request.
            inspection.can_add_recommendations = request.user.has_perm(
                "inspections.add_recommendation", inspection
            )
        return inspection

    def get_inline_instances(self, request, obj=None):
        # Ratings need the framework: they are entered once the inspection is saved.
        return super().get_inline_instances(request, obj) if obj is not None else []

    def get_fieldsets(self, request, obj=None):
        fieldsets = [
            (None, {"fields": ("service", "framework", "kind", "title")}),
            ("Dates", {"fields": ("fieldwork_start_on", "fieldwork_end_on", "published_on")}),
            ("HMIP's published result", {"fields": ("published_score", "published_rating")}),
        ]
        if obj is not None:
            fieldsets.append(("Score and rating", {"fields": ("result",)}))
            fieldsets.append(("Recommendations", {"fields": ("recommendation_summary",)}))
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        # The framework fixes which standards are rated; it is chosen once.
        return ("framework", "result", "recommendation_summary") if obj is not None else ()

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if isinstance(inline, StandardRatingInline) and obj is not None and obj.pk:
            kwargs["initial"] = [{"standard": s.pk} for s in unrated_standards(obj)]
        return kwargs

    @admin.display(description="RAG", ordering="rag")
    def rag_badge(self, obj):
        return rag_badge(obj.rag)

    @admin.display(description="computed result")
    def result(self, obj):
        result = obj.score_result()
        if result.score is None:
            summary = format_html("No computed score: {}", result.reason)
        else:
            summary = format_html(
                "Score <strong>{}</strong> of {}. Overall rating: <strong>{}</strong>.",
                result.score,
                result.max_score,
                Rating(result.rating).label if result.rating else "none (no band matches)",
            )
        mismatches = format_html_join(
            "",
            '<br><span class="yj-mismatch">{}</span>',
            ((str(m),) for m in obj.published_mismatches()),
        )
        return format_html("{}{}", summary, mismatches)

    @admin.display(description="recommendations")
    def recommendation_summary(self, obj):
        recommendations = obj.recommendations.order_by("number")
        today = clock.today()
        counts = rag_counts(recommendations, by="id", today=today)
        total = rag_counts(recommendations, by="inspection", today=today).get(obj.pk, RagCounts())
        rows = format_html_join(
            "",
            _ROLLUP_ROW,
            (_rollup_cells(rec, counts.get(rec.pk, RagCounts())) for rec in recommendations),
        )
        table = format_html(
            '<table class="yj-rollup"><thead><tr><th>No.</th><th>Recommendation</th><th>RAG</th>'
            "<th>Red</th><th>Amber</th><th>Green</th><th>Complete</th><th>Overdue</th>"
            "<th>% complete</th></tr></thead><tbody>{}</tbody><tfoot>{}</tfoot></table>",
            rows,
            format_html(_ROLLUP_ROW, *_total_cells(total)),
        )
        if not getattr(obj, "can_add_recommendations", False):
            return table
        add_url = reverse("admin:inspections_recommendation_add") + f"?inspection={obj.pk}"
        return format_html('{}<p><a href="{}">Add a recommendation</a></p>', table, add_url)

    def save_model(self, request, obj, form, change):
        """Saved with its ratings in ``save_related``: one ``save_inspection`` call per save."""

    def save_related(self, request, form, formsets, change):
        ratings_formset = next((fs for fs in formsets if fs.model is StandardRating), None)
        ratings = None
        if ratings_formset is not None and ratings_formset.has_changed():
            ratings = _ratings_from(ratings_formset)
        operations.save_inspection(
            inspection=form.instance,
            actor=request.user,
            ratings=ratings,
            fields=form.changed_data if change else None,
        )
        for formset in formsets:
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []


_ROLLUP_ROW = (
    "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>"
    "<td>{}</td><td>{}</td></tr>"
)


def _rollup_cells(recommendation, counts: RagCounts):
    url = reverse("admin:inspections_recommendation_change", args=[recommendation.pk])
    text = format_html('<a href="{}">{}</a>', url, recommendation.text)
    return (recommendation.number, text, rag_badge(counts.rag), *_count_cells(counts))


def _total_cells(counts: RagCounts):
    return (
        "",
        format_html("<strong>{}</strong>", "Whole inspection"),
        rag_badge(counts.rag),
        *_count_cells(counts),
    )


def _count_cells(counts: RagCounts):
    return (
        counts.red,
        counts.amber,
        counts.green,
        counts.blue,
        counts.overdue,
        f"{counts.percent_complete}%",
    )


def _ratings_from(formset) -> dict[str, str]:
    """Standard code → rating from the rating rows kept in ``formset``."""
    ratings = {}
    for form in formset.forms:
        if formset._should_delete_form(form) or (not form.has_changed() and not form.instance.pk):
            continue
        standard = form.cleaned_data.get("standard") or form.instance.standard
        ratings[standard.code] = form.cleaned_data.get("rating") or form.instance.rating
    return ratings
