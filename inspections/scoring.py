"""HMIP scoring: points per standard summed over the scored standards, banded into a rating.

Pure functions over values: a framework's rule arrives as a ``ScoringScheme`` (built from the
framework's rows by ``Framework.scheme()``), the ratings as a mapping of standard code to rating.

Rules, as HMIP applies them to the 2018 and 2021 frameworks:
- each scored standard earns its rating's points (Outstanding 3, Good 2, Requires improvement 1,
  Inadequate 0); standards that are rated but not scored (2021 resettlement) add nothing;
- *not rated* is never counted as Inadequate: if any scored standard is not rated or has no
  rating yet, there is no score and no overall rating, and the reason names the standards;
- the total falls in exactly one band, which gives the overall rating;
- where the framework's overall rating is given by HMIP (2025), nothing is computed.
"""

from collections.abc import Mapping
from dataclasses import dataclass

NOT_RATED = "not_rated"


@dataclass(frozen=True)
class ScoringScheme:
    """A framework's scoring rule."""

    points: Mapping[str, int | None]
    bands: tuple[tuple[int, int, str], ...]
    scored_standards: frozenset[str]
    computed: bool = True

    @property
    def max_score(self) -> int:
        best = max((p for p in self.points.values() if p is not None), default=0)
        return best * len(self.scored_standards)


@dataclass(frozen=True)
class ScoreResult:
    """The computed score and overall rating, or why there is none."""

    score: int | None
    rating: str | None
    reason: str = ""
    max_score: int = 0


@dataclass(frozen=True)
class Mismatch:
    """A difference between HMIP's published result and the computed one."""

    field: str
    published: object
    computed: object

    def __str__(self) -> str:
        return f"Published {self.field} {self.published} differs from computed {self.computed}."


def band_for(score: int, bands: tuple[tuple[int, int, str], ...]) -> str | None:
    """The rating of the band containing ``score`` (bands are inclusive at both ends)."""
    for low, high, rating in bands:
        if low <= score <= high:
            return rating
    return None


def _codes(codes: set[str]) -> str:
    return ", ".join(
        sorted(codes, key=lambda c: [int(p) if p.isdigit() else p for p in c.split(".")])
    )


def score_ratings(scheme: ScoringScheme, ratings: Mapping[str, str]) -> ScoreResult:
    """Score ``ratings`` (standard code → rating) under ``scheme``."""
    if not scheme.computed:
        return ScoreResult(None, None, "This framework's overall rating is given by HMIP.")
    if not scheme.scored_standards:
        return ScoreResult(None, None, "This framework has no scored standards.")
    missing = {code for code in scheme.scored_standards if code not in ratings}
    not_rated = {code for code in scheme.scored_standards if ratings.get(code) == NOT_RATED}
    unknown = {
        code
        for code in scheme.scored_standards - missing - not_rated
        if scheme.points.get(ratings[code]) is None
    }
    reasons = []
    if missing:
        reasons.append(f"No rating entered for {_codes(missing)}.")
    if not_rated:
        reasons.append(f"Not rated: {_codes(not_rated)}.")
    if unknown:
        reasons.append(f"Rating not on the framework's scale for {_codes(unknown)}.")
    if reasons:
        return ScoreResult(None, None, " ".join(reasons), scheme.max_score)
    score = sum(scheme.points[ratings[code]] or 0 for code in scheme.scored_standards)
    rating = band_for(score, scheme.bands)
    reason = "" if rating else f"No score band contains {score}."
    return ScoreResult(score, rating, reason, scheme.max_score)


def published_score_refusal(scheme: ScoringScheme, published_score: int | None) -> str:
    """Why HMIP cannot have published ``published_score`` under ``scheme`` ("" when it can):
    a score lies between 0 and the framework's highest, and a framework that computes no score
    (2025, or one without scored standards) has none to publish."""
    if published_score is None:
        return ""
    if not scheme.computed or scheme.max_score == 0:
        return "This framework gives no score; leave the published score empty."
    if not 0 <= published_score <= scheme.max_score:
        return f"A score under this framework is from 0 to {scheme.max_score}."
    return ""


def published_mismatches(
    result: ScoreResult, published_score: int | None, published_rating: str | None
) -> list[Mismatch]:
    """Where HMIP's published score or rating differs from a computed one.

    Nothing is reported for a value that was not published or could not be computed.
    """
    mismatches = []
    if None not in (published_score, result.score) and published_score != result.score:
        mismatches.append(Mismatch("score", published_score, result.score))
    if published_rating and result.rating and published_rating != result.rating:
        mismatches.append(Mismatch("rating", published_rating, result.rating))
    return mismatches
