"""Retry rules: which answers are retried, when, and when a delivery gives up."""

from datetime import datetime, timedelta

import pytest

from webhooks.choices import DeliveryStatus
from webhooks.retries import next_attempt_at, next_status, retry_delay


@pytest.mark.parametrize(
    ("status_code", "attempts", "expected"),
    [
        (200, 1, DeliveryStatus.SUCCEEDED),
        (204, 5, DeliveryStatus.SUCCEEDED),
        (299, 1, DeliveryStatus.SUCCEEDED),
        (500, 1, DeliveryStatus.PENDING),
        (503, 9, DeliveryStatus.PENDING),
        (503, 10, DeliveryStatus.GIVING_UP),
        (None, 1, DeliveryStatus.PENDING),
        (None, 10, DeliveryStatus.GIVING_UP),
        (400, 1, DeliveryStatus.FAILED),
        (404, 1, DeliveryStatus.FAILED),
        (410, 1, DeliveryStatus.FAILED),
        (499, 1, DeliveryStatus.FAILED),
        (301, 1, DeliveryStatus.FAILED),
        (100, 1, DeliveryStatus.FAILED),
    ],
)
def test_next_status_retries_only_network_errors_and_server_errors(status_code, attempts, expected):
    assert next_status(status_code, attempts=attempts, max_attempts=10) == expected


@pytest.mark.parametrize(
    ("attempts", "seconds"),
    [(0, 60), (1, 60), (2, 120), (3, 240), (4, 480), (6, 1920), (7, 3600), (30, 3600)],
)
def test_retry_delay_doubles_from_the_base_up_to_the_cap(attempts, seconds):
    delay = retry_delay(attempts, base_seconds=60, max_seconds=3600)
    assert delay == timedelta(seconds=seconds)


def test_next_attempt_at_is_now_plus_the_delay():
    now = datetime(2026, 11, 23, 10, 0)
    due = next_attempt_at(now, attempts=3, base_seconds=60, max_seconds=3600)
    assert due == datetime(2026, 11, 23, 10, 4)
