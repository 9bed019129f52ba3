"""Inspections, their standard ratings and their recommendations."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q

from core.fields import BoundedTextField
from inspections.choices import RAG, Addressee, InspectionKind, Rating
from inspections.models.frameworks import Framework, Standard
from inspections.scoring import (
    ScoreResult,
    published_mismatches,
    published_score_refusal,
    score_ratings,
)
from tenancy.models import PartnerAgency, ServiceScopedQuerySet, YouthJusticeService


class Inspection(models.Model):
    """An HMIP inspection of a service under a framework, and the improvement plan it starts.

    ``rag`` is the rolled-up RAG of its recommendations, stored so lists can filter on it.
    """

    service = models.ForeignKey(
        YouthJusticeService, on_delete=models.PROTECT, related_name="inspections"
    )
    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="inspections")
    kind = models.CharField(max_length=20, choices=InspectionKind.choices)
    title = models.CharField(max_length=200, blank=True)
    fieldwork_start_on = models.DateField("fieldwork started")
    fieldwork_end_on = models.DateField("fieldwork ended")
    published_on = models.DateField("report published", null=True, blank=True)
    published_score = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="The score printed in HMIP's report, if it gives one."
    )
    published_rating = models.CharField(
        max_length=30,
        choices=Rating.choices,
        blank=True,
        help_text="The overall rating printed in HMIP's report.",
    )
    rag = models.CharField(max_length=10, choices=RAG.choices, default=RAG.UNPLANNED, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    SERVICE_PATH = "service"
    objects = ServiceScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-fieldwork_start_on", "service__name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(fieldwork_end_on__gte=F("fieldwork_start_on")),
                name="fieldwork_ends_after_it_starts",
                violation_error_message="Fieldwork cannot end before it starts.",
            ),
            models.CheckConstraint(
                condition=Q(published_on__isnull=True) | Q(published_on__gte=F("fieldwork_end_on")),
                name="published_after_fieldwork",
                violation_error_message="The report cannot be published before fieldwork ends.",
            ),
        ]

    def __str__(self) -> str:
        return (
            self.title
            or f"{self.service} – {self.get_kind_display()} {self.fieldwork_start_on:%B %Y}"
        )

    def clean(self) -> None:
        if not self.framework_id:
            return
        errors: dict[str, list[str]] = {}
        if self.published_rating:
            try:
                self.framework.check_on_scale(self.published_rating, field="published_rating")
            except ValidationError as off_scale:
                errors.update(off_scale.message_dict)
        score_refused = published_score_refusal(self.framework.scheme(), self.published_score)
        if score_refused:
            errors["published_score"] = [score_refused]
        if errors:
            raise ValidationError(errors)

    def ratings_by_code(self) -> dict[str, str]:
        """Standard code → rating, from prefetched ``standard_ratings`` when present."""
        return {sr.standard.code: sr.rating for sr in self.standard_ratings.all()}

    def score_result(self) -> ScoreResult:
        """The score and overall rating computed from the standard ratings."""
        return score_ratings(self.framework.scheme(), self.ratings_by_code())

    @property
    def score(self) -> int | None:
        return self.score_result().score

    @property
    def overall_rating(self) -> str | None:
        """The computed rating, or HMIP's own where the framework does not compute one."""
        result = self.score_result()
        if result.rating:
            return result.rating
        if not self.framework.scheme().computed:
            return self.published_rating or None
        return None

    def published_mismatches(self):
        """Differences between HMIP's published score/rating and the computed ones."""
        return published_mismatches(
            self.score_result(), self.published_score, self.published_rating or None
        )


class StandardRating(models.Model):
    """The rating an inspection gave one standard (possibly *not rated*)."""

    inspection = models.ForeignKey(
        Inspection, on_delete=models.CASCADE, related_name="standard_ratings"
    )
    standard = models.ForeignKey(Standard, on_delete=models.PROTECT, related_name="ratings")
    rating = models.CharField(max_length=30, choices=Rating.choices)

    SERVICE_PATH = "inspection__service"
    objects = ServiceScopedQuerySet.as_manager()

    class Meta:
        ordering = ["inspection", "standard__domain__order", "standard__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["inspection", "standard"],
                name="one_rating_per_standard_per_inspection",
                violation_error_message="This standard is already rated in this inspection.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.standard.code}: {self.get_rating_display()}"

    def clean(self) -> None:
        if not (self.inspection_id and self.standard_id):
            return
        framework_id = self.inspection.framework_id
        if self.standard.domain.framework_id != framework_id:
            raise ValidationError(
                {"standard": "This standard is not part of the inspection's framework."}
            )
        if self.rating == Rating.NOT_RATED:
            return
        self.inspection.framework.check_on_scale(self.rating, field="rating")


class Recommendation(models.Model):
    """A numbered HMIP recommendation; its improvement actions carry it out.

    ``rag`` is the rolled-up RAG of its actions (``unplanned`` while it has none).
    """

    inspection = models.ForeignKey(
        Inspection, on_delete=models.CASCADE, related_name="recommendations"
    )
    number = models.PositiveSmallIntegerField()
    text = BoundedTextField(max_length=5000)
    addressee = models.CharField(
        max_length=20, choices=Addressee.choices, default=Addressee.SERVICE_MANAGER
    )
    addressee_agency = models.ForeignKey(
        PartnerAgency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="recommendations",
        help_text="The partner agency, when the recommendation is addressed to one.",
    )
    standards = models.ManyToManyField(Standard, related_name="recommendations", blank=True)
    rag = models.CharField(max_length=10, choices=RAG.choices, default=RAG.UNPLANNED, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    SERVICE_PATH = "inspection__service"
    objects = ServiceScopedQuerySet.as_manager()

    class Meta:
        ordering = ["inspection", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["inspection", "number"],
                name="unique_recommendation_number_per_inspection",
                violation_error_message="This inspection already has a recommendation with this number.",
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1),
                name="recommendation_number_positive",
                violation_error_message="Recommendation numbers start at 1.",
            ),
            models.CheckConstraint(
                condition=~Q(addressee=Addressee.PARTNER_AGENCY)
                | Q(addressee_agency__isnull=False),
                name="partner_addressee_names_agency",
                violation_error_message="Name the partner agency this recommendation is addressed to.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:80]}"

    def validate_standards(self, standards) -> None:
        """A recommendation relates only to standards of its inspection's framework.

        A many-to-many relation is set after the row is saved, so this is not part of
        ``clean()``: the operation, the admin form and (through the operation) the API ask it
        about the standards about to be set.
        """
        framework_id = self.inspection.framework_id
        foreign = sorted(s.code for s in standards if s.domain.framework_id != framework_id)
        if foreign:
            raise ValidationError(
                {"standards": f"Not standards of the inspection's framework: {', '.join(foreign)}."}
            )

    def clean(self) -> None:
        if not (self.addressee_agency_id and self.inspection_id):
            return
        agency = self.addressee_agency
        if agency is not None and agency.service_id != self.inspection.service_id:
            raise ValidationError(
                {"addressee_agency": "This agency does not work with the inspected service."}
            )
