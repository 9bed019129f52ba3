"""Digests point to the board page: a handful per section with the count and a link for the
rest, the latest board pack, and no "turned red" for an action complete since."""

from datetime import timedelta

import pytest
from django.core import mail

from actions.choices import ActionStatus
from events.catalogue import EventType
from notifications import digests
from notifications.digest_content import SECTION_LIMIT
from tests.factories import RecommendationFactory
from tests.notifications.test_digests import NOW, TODAY, action, deliver, digest_for, event

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(service):
    return RecommendationFactory(inspection__service=service, inspection__title="Medway 2026")


@pytest.fixture
def many_overdue(service, plan):
    return [
        action(
            service,
            recommendation=plan,
            reference=f"{n}a",
            due_on=TODAY - timedelta(days=n + 1),
            rag="red",
        )
        for n in range(SECTION_LIMIT + 3)
    ]


def test_a_section_lists_a_handful_with_its_count_and_a_link_for_the_rest(
    board, board_user, service, many_overdue
):
    deliver(digests.record_due_digests(now=NOW))
    context = digest_for(board_user).context
    assert len(context["exceptions"]["overdue"]) == SECTION_LIMIT
    assert context["exception_totals"]["overdue"] == SECTION_LIMIT + 3
    assert context["exception_more"]["overdue"] == 3
    assert context["board_url"].endswith(f"/services/{service.pk}/board/")
    body = mail.outbox[0].body
    assert f"Overdue ({SECTION_LIMIT + 3})" in body
    assert f"- and 3 more: {context['board_url']}" in body
    # The most overdue first.
    assert context["exceptions"]["overdue"][0]["reference"] == f"{SECTION_LIMIT + 2}a"


def test_the_digest_links_to_the_pack_as_at_the_latest_meeting(
    board, board_user, service, many_overdue
):
    board.meetings.create(meets_on=TODAY - timedelta(days=10))
    board.meetings.create(meets_on=TODAY + timedelta(days=20))
    deliver(digests.record_due_digests(now=NOW))
    context = digest_for(board_user).context
    assert context["pack_url"].endswith(
        f"/services/{service.pk}/board/?as_at={TODAY - timedelta(days=10)}"
    )
    assert "The board pack as at" in mail.outbox[0].body


def test_an_action_complete_since_it_turned_red_is_not_reported_as_turned_red(
    board, board_user, service, plan
):
    done = action(
        service,
        recommendation=plan,
        reference="9z",
        status=ActionStatus.COMPLETE,
        completed_on=TODAY - timedelta(days=1),
        rag="blue",
    )
    event(EventType.ACTION_RAG_CHANGED, done, NOW - timedelta(days=3), old="amber", new="red")
    deliver(digests.record_due_digests(now=NOW))
    context = digest_for(board_user).context
    assert context["exceptions"]["turned_red"] == []
    assert context["exception_totals"]["turned_red"] == 0
    assert "Turned red" not in mail.outbox[0].body
