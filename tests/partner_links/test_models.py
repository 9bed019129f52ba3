from datetime import UTC, datetime, timedelta

import pytest

from partner_links.models import refusal_of
from partner_links.rounds import round_is_due, round_key
from partner_links.tokens import ids_in, token_for
from tests.support import TODAY

NOW = datetime(2026, 11, 23, 12, tzinfo=UTC)
SECOND = timedelta(seconds=1)


@pytest.mark.parametrize(
    ("expires_at", "used_at", "revoked_at", "refusal"),
    [
        (NOW + SECOND, None, None, ""),
        (NOW, None, None, "expired"),
        (NOW - SECOND, None, None, "expired"),
        (NOW + SECOND, NOW, None, "used"),
        (NOW - SECOND, NOW, None, "used"),
        (NOW + SECOND, None, NOW, "revoked"),
        (NOW + SECOND, NOW, NOW, "revoked"),
    ],
)
def test_a_link_works_until_it_expires_is_used_or_is_revoked(
    expires_at, used_at, revoked_at, refusal
):
    assert refusal_of(expires_at=expires_at, used_at=used_at, revoked_at=revoked_at, now=NOW) == (
        refusal
    )


@pytest.mark.parametrize(
    ("days_before_meeting", "due"),
    [(15, False), (14, True), (1, True), (0, False), (-1, False)],
)
def test_a_round_is_due_from_its_days_before_the_meeting_until_the_day_before(
    days_before_meeting, due
):
    meets_on = TODAY + timedelta(days=days_before_meeting)
    assert round_is_due(meets_on=meets_on, days_before=14, today=TODAY) is due


def test_a_round_is_keyed_by_its_meeting_date():
    assert round_key(TODAY) == "meeting:2026-11-23"


class Row:
    def __init__(self, pk, action_id):
        self.pk, self.action_id = pk, action_id


def test_a_token_names_the_link_and_its_action_and_refuses_any_change():
    token = token_for(Row(5, 9))
    assert ids_in(token) == (5, 9)
    assert ids_in(token[:-1] + ("A" if token[-1] != "A" else "B")) is None
    assert ids_in("not-a-token") is None
    assert ids_in(token.replace(token.split(":")[0], token_for(Row(5, 10)).split(":")[0])) is None
