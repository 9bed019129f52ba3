"""The health view monitors poll: counts of what waits for an operator, nothing personal."""

from datetime import timedelta

import pytest
from django.utils import timezone

from delivery.models import Delivery, DeliveryStatus
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def ledger_row(status, **fields) -> Delivery:
    return Delivery.objects.create(
        kind="reminder",
        recipient=UserFactory(),
        subject_type="action",
        subject_id=1,
        period=f"{status}-{Delivery.objects.count()}",
        status=status,
        **fields,
    )


def test_all_clear_is_ok(client):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "deliveries": {"failed": 0, "gave_up": 0, "uncertain": 0, "left_behind": 0},
        "events": {"failed": 0, "left_behind": 0},
    }


def test_rows_waiting_for_an_operator_are_counted_and_ask_for_attention(client):
    ledger_row(DeliveryStatus.FAILED)
    ledger_row(DeliveryStatus.UNCERTAIN)
    ledger_row(DeliveryStatus.UNCERTAIN)
    ledger_row(DeliveryStatus.PENDING, next_attempt_at=timezone.now() - timedelta(minutes=5))
    ledger_row(DeliveryStatus.SENT)

    body = client.get("/health/").json()

    assert body["status"] == "attention"
    assert body["deliveries"] == {"failed": 1, "gave_up": 0, "uncertain": 2, "left_behind": 1}
    assert "recipient" not in str(body)
