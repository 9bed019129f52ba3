"""Models of the inspections app, split by concern."""

from inspections.models.frameworks import Domain, Framework, RatingLevel, ScoreBand, Standard
from inspections.models.inspections import Inspection, Recommendation, StandardRating
from inspections.models.organisations import (
    Board,
    BoardMeeting,
    BoardMember,
    LocalAuthority,
    PartnerAgency,
    ServiceMembership,
    YouthJusticeService,
)

__all__ = [
    "Board",
    "BoardMeeting",
    "BoardMember",
    "Domain",
    "Framework",
    "Inspection",
    "LocalAuthority",
    "PartnerAgency",
    "RatingLevel",
    "Recommendation",
    "ScoreBand",
    "ServiceMembership",
    "Standard",
    "StandardRating",
    "YouthJusticeService",
]
