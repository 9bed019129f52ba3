"""Which webhook answers are retried, and what the ledger row becomes after each attempt."""

import pytest

from delivery.models import DeliveryStatus
from delivery.pipeline import settled_status
from delivery.transports import Outcome
from events.claims import RetryPolicy
from webhooks.requests import is_success, is_transient

POLICY = RetryPolicy(base_seconds=60, max_seconds=3600, max_attempts=10)


def outcome_of(status_code):
    """The outcome the webhook transport reports for an HTTP answer (None: no answer)."""
    return Outcome(
        "https://receiver.example.org",
        sent=is_success(status_code),
        retry=is_transient(status_code) and not is_success(status_code),
        status_code=status_code,
    )


@pytest.mark.parametrize(
    ("status_code", "attempts", "expected"),
    [
        (200, 1, DeliveryStatus.SENT),
        (204, 5, DeliveryStatus.SENT),
        (299, 1, DeliveryStatus.SENT),
        (500, 1, DeliveryStatus.PENDING),
        (503, 9, DeliveryStatus.PENDING),
        (503, 10, DeliveryStatus.GAVE_UP),
        (None, 1, DeliveryStatus.PENDING),
        (None, 10, DeliveryStatus.GAVE_UP),
        (400, 1, DeliveryStatus.FAILED),
        (404, 1, DeliveryStatus.FAILED),
        (410, 1, DeliveryStatus.FAILED),
        (499, 1, DeliveryStatus.FAILED),
        (301, 1, DeliveryStatus.FAILED),
        (100, 1, DeliveryStatus.FAILED),
    ],
)
def test_only_network_errors_and_server_errors_are_retried(status_code, attempts, expected):
    assert settled_status(outcome_of(status_code), attempts=attempts, policy=POLICY) == expected


def test_a_cancelled_outcome_cancels_the_row():
    outcome = Outcome("https://receiver.example.org", cancelled=True, attempted=False)
    assert settled_status(outcome, attempts=1, policy=POLICY) == DeliveryStatus.CANCELLED
