import itertools
from datetime import date, timedelta

import pytest

from board.trend import MAX_POINTS, trend_days

AS_AT = date(2026, 11, 23)


@pytest.mark.parametrize(
    ("first_on", "expected"),
    [
        (None, [AS_AT]),
        (AS_AT, [AS_AT]),
        (AS_AT - timedelta(days=6), [AS_AT]),
        (AS_AT - timedelta(days=7), [AS_AT - timedelta(days=7), AS_AT]),
        (
            AS_AT - timedelta(days=15),
            [AS_AT - timedelta(days=14), AS_AT - timedelta(days=7), AS_AT],
        ),
    ],
)
def test_trend_days_are_weekly_back_from_the_day(first_on, expected):
    assert trend_days(first_on, AS_AT) == expected


@pytest.mark.parametrize("years", [1, 3, 10])
def test_a_long_plan_has_at_most_the_maximum_number_of_points_ending_on_the_day(years):
    days = trend_days(AS_AT - timedelta(days=365 * years), AS_AT)
    assert len(days) <= MAX_POINTS
    assert days[-1] == AS_AT
    assert len({b - a for a, b in itertools.pairwise(days)}) == 1
