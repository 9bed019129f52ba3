"""Models of the inspections app, split by concern."""

from inspections.models.frameworks import Domain, Framework, RatingLevel, ScoreBand, Standard
from inspections.models.inspections import Inspection, Recommendation, StandardRating

__all__ = [
    "Domain",
    "Framework",
    "Inspection",
    "RatingLevel",
    "Recommendation",
    "ScoreBand",
    "Standard",
    "StandardRating",
]
