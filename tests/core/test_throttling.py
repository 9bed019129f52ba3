"""API throttles: wrong tokens per client address, requests per user (core/throttling.py)."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
ACTIONS = "/api/v1/actions/"


@pytest.fixture
def rates(monkeypatch):
    """Set throttle rates for one test (DRF reads them from a dict bound at import)."""

    def set_rates(**scopes):
        for scope, rate in scopes.items():
            monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, scope, rate)

    return set_rates


def token_client(key: str, address: str = "192.0.2.10", **headers) -> APIClient:
    client = APIClient(REMOTE_ADDR=address, **headers)
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


@pytest.fixture
def token(plan_owner):
    return Token.objects.create(user=plan_owner).key


@time_machine.travel(NOW, tick=False)
def test_a_run_of_wrong_tokens_is_answered_429_with_retry_after(db, rates):
    rates(token_failure="5/minute")
    statuses = [token_client(f"guess{n:036d}").get(ACTIONS).status_code for n in range(8)]

    assert statuses == [401] * 5 + [429] * 3
    answer = token_client("one-more-guess").get(ACTIONS)
    assert answer.status_code == 429
    assert answer["Retry-After"] == "60"


@time_machine.travel(NOW, tick=False)
def test_a_throttled_address_is_refused_even_with_the_right_token(rates, token):
    rates(token_failure="3/minute")
    for n in range(3):
        token_client(f"guess{n}").get(ACTIONS)

    assert token_client(token).get(ACTIONS).status_code == 429


@time_machine.travel(NOW, tick=False)
def test_wrong_tokens_from_one_address_do_not_throttle_another(rates, token):
    rates(token_failure="3/minute")
    for n in range(5):
        token_client(f"guess{n}", address="192.0.2.66").get(ACTIONS)

    assert token_client(token, address="192.0.2.10").get(ACTIONS).status_code == 200


@time_machine.travel(NOW, tick=False)
def test_a_forged_x_forwarded_for_does_not_dodge_the_token_throttle(db, rates):
    rates(token_failure="3/minute")
    statuses = [
        token_client(f"guess{n}", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}").get(ACTIONS).status_code
        for n in range(5)
    ]

    assert statuses == [401, 401, 401, 429, 429]


def test_the_token_throttle_lifts_once_its_period_has_passed(rates, token):
    rates(token_failure="3/minute")
    with time_machine.travel(NOW, tick=False):
        for n in range(3):
            token_client(f"guess{n}").get(ACTIONS)
        assert token_client(token).get(ACTIONS).status_code == 429

    with time_machine.travel(NOW + timedelta(seconds=61), tick=False):
        assert token_client(token).get(ACTIONS).status_code == 200


@time_machine.travel(NOW, tick=False)
def test_requests_without_a_token_are_not_counted_as_token_failures(rates, token):
    rates(token_failure="2/minute", anon="100/minute")
    for _ in range(5):
        assert APIClient(REMOTE_ADDR="192.0.2.10").get(ACTIONS).status_code == 401

    assert token_client(token).get(ACTIONS).status_code == 200


@time_machine.travel(NOW, tick=False)
def test_a_signed_in_user_is_throttled_at_the_user_rate(rates, token):
    rates(user="4/minute")
    client = token_client(token)
    statuses = [client.get(ACTIONS).status_code for _ in range(6)]

    assert statuses == [200] * 4 + [429] * 2
    assert client.get(ACTIONS)["Retry-After"] == "60"


@time_machine.travel(NOW, tick=False)
def test_the_user_rate_counts_per_user_not_per_address(rates, token, manager):
    rates(user="2/minute")
    owner = token_client(token)
    for _ in range(3):
        owner.get(ACTIONS)

    other = token_client(Token.objects.create(user=manager).key)
    assert owner.get(ACTIONS).status_code == 429
    assert other.get(ACTIONS).status_code == 200
