"""Inspection frameworks as data: domains, standards, rating scale, score bands.

A new HMIP framework is added by entering rows (admin, fixture or data migration), never code.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q

from inspections.choices import OverallRatingMethod, Rating
from inspections.scoring import ScoringScheme


class Framework(models.Model):
    """An HMIP inspection framework (e.g. the 2018 youth justice standards)."""

    code = models.SlugField(max_length=20, unique=True, help_text="Short stable code, e.g. 2018.")
    name = models.CharField(max_length=200)
    in_force_from = models.DateField(null=True, blank=True)
    overall_rating_method = models.CharField(
        max_length=20, choices=OverallRatingMethod.choices, default=OverallRatingMethod.COMPUTED
    )
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    def check_on_scale(self, rating: str, *, field: str) -> None:
        """Refuse ``rating`` unless it is a word of this framework's scale; the error is filed
        under ``field`` (the published rating, or a standard's rating)."""
        if not self.rating_levels.filter(rating=rating).exists():
            raise ValidationError({field: "This rating is not on the framework's scale."})

    def scheme(self):
        """The framework's scoring rule as the value ``inspections.scoring`` works with.

        Uses prefetched ``rating_levels``, ``score_bands`` and ``domains__standards`` when present.
        """
        return ScoringScheme(
            points={level.rating: level.points for level in self.rating_levels.all()},
            bands=tuple(
                (band.min_score, band.max_score, band.rating) for band in self.score_bands.all()
            ),
            scored_standards=frozenset(
                standard.code
                for domain in self.domains.all()
                for standard in domain.standards.all()
                if standard.scored
            ),
            computed=self.overall_rating_method == OverallRatingMethod.COMPUTED,
        )


class RatingLevel(models.Model):
    """One word of a framework's rating scale and the points it scores (blank: not scored)."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="rating_levels")
    rating = models.CharField(max_length=30, choices=Rating.choices)
    points = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["framework", "-points"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "rating"],
                name="one_level_per_rating_per_framework",
                violation_error_message="This rating is already on the framework's scale.",
            ),
            models.CheckConstraint(
                condition=~Q(rating=Rating.NOT_RATED),
                name="not_rated_is_not_a_level",
                violation_error_message="'Not rated' is always allowed and is never on a scale.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_rating_display()} = {self.points}"


class ScoreBand(models.Model):
    """A range of total scores (inclusive) and the overall rating it earns."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="score_bands")
    min_score = models.PositiveSmallIntegerField()
    max_score = models.PositiveSmallIntegerField()
    rating = models.CharField(max_length=30, choices=Rating.choices)

    class Meta:
        ordering = ["framework", "min_score"]
        constraints = [
            models.CheckConstraint(
                condition=Q(max_score__gte=F("min_score")),
                name="band_max_not_below_min",
                violation_error_message="A band's highest score cannot be below its lowest.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.min_score}–{self.max_score}: {self.get_rating_display()}"

    def clean(self) -> None:
        overlapping = ScoreBand.objects.filter(
            framework_id=self.framework_id,
            min_score__lte=self.max_score,
            max_score__gte=self.min_score,
        ).exclude(pk=self.pk)
        if self.framework_id and overlapping.exists():
            raise ValidationError("This band overlaps another band of the framework.")


class Domain(models.Model):
    """A group of standards (e.g. 2 Court disposals)."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="domains")
    code = models.CharField(max_length=10)
    name = models.CharField(max_length=200)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["framework", "order", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "code"],
                name="unique_domain_code_per_framework",
                violation_error_message="The framework already has a domain with this code.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Standard(models.Model):
    """A rated standard (e.g. 2.1 Assessment). ``scored`` says whether it counts towards the score."""

    domain = models.ForeignKey(Domain, on_delete=models.CASCADE, related_name="standards")
    code = models.CharField(max_length=10)
    name = models.CharField(max_length=200)
    scored = models.BooleanField(default=True)
    order = models.PositiveSmallIntegerField(default=0)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["domain__framework", "domain__order", "order", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["domain", "code"],
                name="unique_standard_code_per_domain",
                violation_error_message="The domain already has a standard with this code.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"
