"""The HMIP scoring rule, over the frameworks as loaded by the data migration."""

import pytest

from inspections.models import Framework
from inspections.scoring import (
    ScoringScheme,
    published_mismatches,
    published_score_refusal,
    score_ratings,
)

CODES_2018 = ["1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3", "2.4", "3.1", "3.2", "3.3", "3.4"]
POINTS = {"outstanding": 3, "good": 2, "requires_improvement": 1, "inadequate": 0}
WORD_FOR = {points: word for word, points in POINTS.items()}


def ratings_scoring(total: int) -> dict[str, str]:
    """Twelve ratings adding up to ``total`` (0–36), as evenly as possible."""
    base, extra = divmod(total, 12)
    points = [base + 1 if i < extra else base for i in range(12)]
    if base == 3:
        points = [3] * 12
    return {code: WORD_FOR[p] for code, p in zip(CODES_2018, points, strict=True)}


@pytest.fixture
def scheme_2018(db):
    return Framework.objects.get(code="2018").scheme()


@pytest.fixture
def scheme_2021(db):
    return Framework.objects.get(code="2021").scheme()


@pytest.mark.parametrize(
    ("score", "rating"),
    [
        (0, "inadequate"),
        (6, "inadequate"),
        (7, "requires_improvement"),
        (18, "requires_improvement"),
        (19, "good"),
        (30, "good"),
        (31, "outstanding"),
        (36, "outstanding"),
    ],
)
def test_the_score_bands_into_the_overall_rating_at_every_boundary(scheme_2018, score, rating):
    result = score_ratings(scheme_2018, ratings_scoring(score))
    assert (result.score, result.rating) == (score, rating)
    assert result.max_score == 36


def test_medway_2020_seven_good_four_ri_one_inadequate_scores_18_requires_improvement(scheme_2018):
    words = ["good"] * 7 + ["requires_improvement"] * 4 + ["inadequate"]
    result = score_ratings(scheme_2018, dict(zip(CODES_2018, words, strict=True)))
    assert (result.score, result.rating) == (18, "requires_improvement")


@pytest.mark.parametrize("resettlement", ["outstanding", "inadequate", "not_rated", None])
def test_resettlement_is_rated_but_never_counts_towards_the_2021_score(scheme_2021, resettlement):
    ratings = ratings_scoring(19)
    if resettlement:
        ratings["4.1"] = resettlement
    result = score_ratings(scheme_2021, ratings)
    assert (result.score, result.rating) == (19, "good")


def test_the_2021_framework_renamed_3_4_and_added_resettlement(db):
    framework = Framework.objects.get(code="2021")
    standards = {s.code: s for d in framework.domains.all() for s in d.standards.all()}
    assert standards["3.4"].name == "Out-of-court disposal policy and provision"
    assert standards["4.1"].scored is False
    assert sum(s.scored for s in standards.values()) == 12


def test_a_not_rated_standard_is_never_counted_as_inadequate(scheme_2018):
    ratings = ratings_scoring(20)
    ratings["3.4"] = "not_rated"
    result = score_ratings(scheme_2018, ratings)
    assert result.score is None and result.rating is None
    assert "Not rated: 3.4" in result.reason


def test_missing_scored_standards_give_no_overall_rating_and_say_which(scheme_2018):
    ratings = ratings_scoring(24)
    del ratings["2.1"], ratings["1.4"]
    result = score_ratings(scheme_2018, ratings)
    assert result.rating is None
    assert result.reason == "No rating entered for 1.4, 2.1."


def test_a_rating_off_the_scale_is_reported_not_scored(scheme_2018):
    ratings = ratings_scoring(24)
    ratings["1.1"] = "satisfactory"
    result = score_ratings(scheme_2018, ratings)
    assert result.rating is None and "1.1" in result.reason


def test_the_2025_framework_takes_its_overall_rating_from_hmip(db):
    scheme = Framework.objects.get(code="2025").scheme()
    result = score_ratings(scheme, {"2.1": "good", "V1": "requires_improvement"})
    assert result.score is None and result.rating is None
    assert "given by HMIP" in result.reason


def test_a_band_gap_in_framework_data_is_reported():
    scheme = ScoringScheme(
        points={"good": 2}, bands=((0, 1, "inadequate"),), scored_standards=frozenset({"1"})
    )
    result = score_ratings(scheme, {"1": "good"})
    assert result.score == 2 and result.rating is None
    assert "No score band contains 2" in result.reason


@pytest.mark.parametrize(
    ("published_score", "published_rating", "expected"),
    [
        (18, "requires_improvement", []),
        (None, None, []),
        (19, "requires_improvement", ["score"]),
        (18, "good", ["rating"]),
        (19, "good", ["score", "rating"]),
    ],
)
def test_published_results_that_differ_from_the_computed_ones_are_flagged(
    scheme_2018, published_score, published_rating, expected
):
    result = score_ratings(scheme_2018, ratings_scoring(18))
    mismatches = published_mismatches(result, published_score, published_rating)
    assert [m.field for m in mismatches] == expected
    assert all("differs from computed" in str(m) for m in mismatches)


@pytest.mark.parametrize(
    ("framework", "score", "refused"),
    [
        ("2018", None, ""),
        ("2018", 0, ""),
        ("2018", 36, ""),
        ("2018", 37, "from 0 to 36"),
        ("2018", 99, "from 0 to 36"),
        ("2018", -1, "from 0 to 36"),
        ("2021", 36, ""),
        ("2025", None, ""),
        ("2025", 18, "gives no score"),
    ],
)
def test_a_published_score_lies_in_the_frameworks_range(db, framework, score, refused):
    scheme = Framework.objects.get(code=framework).scheme()

    message = published_score_refusal(scheme, score)

    assert (refused in message) if refused else message == ""
