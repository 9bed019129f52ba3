"""The retry policy every claimable table shares: when to try again, and when to stop."""

from datetime import datetime, timedelta

import pytest

from events.claims import RetryPolicy

POLICY = RetryPolicy(base_seconds=60, max_seconds=3600, max_attempts=10)


@pytest.mark.parametrize(
    ("attempts", "seconds"),
    [(0, 60), (1, 60), (2, 120), (3, 240), (4, 480), (6, 1920), (7, 3600), (30, 3600)],
)
def test_the_delay_doubles_from_the_base_up_to_the_cap(attempts, seconds):
    assert POLICY.delay(attempts) == timedelta(seconds=seconds)


def test_the_next_attempt_is_now_plus_the_delay():
    now = datetime(2026, 11, 23, 10, 0)
    assert POLICY.next_attempt_at(now, 3) == datetime(2026, 11, 23, 10, 4)


@pytest.mark.parametrize(
    ("attempts", "exhausted"), [(1, False), (9, False), (10, True), (11, True)]
)
def test_the_policy_is_exhausted_after_its_last_attempt(attempts, exhausted):
    assert POLICY.exhausted(attempts) is exhausted
