"""Board digests: who gets one when, what it says, and that each goes out once."""

import json
from datetime import UTC, date, datetime, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from actions.choices import ActionStatus
from delivery.models import Delivery, DeliveryStatus
from delivery.pipeline import deliver as deliver_row
from events.catalogue import EventType
from events.outbox import record_event
from notifications import digests
from notifications.emails import NO_LONGER_A_MEMBER, build_message
from tenancy.choices import DigestChoice, DigestSchedule
from tenancy.models import BoardMeeting, BoardMember, PartnerAgency, ServiceMembership
from tests.factories import ActionFactory, BoardFactory, RecommendationFactory, board_member

# Monday 7 December 2026, 08:30 in London (GMT): weekly and monthly digests are both due.
NOW = datetime(2026, 12, 7, 8, 30, tzinfo=UTC)
TODAY = date(2026, 12, 7)


def action(service, **fields):
    """An action of ``service`` (a recommendation of its own inspection)."""
    if "recommendation" not in fields:
        fields["recommendation"] = RecommendationFactory(inspection__service=service)
    return ActionFactory(**fields)


def event(event_type, subject, at, **data):
    return record_event(
        event_type, subject=subject, service=subject.service, data=data, occurred_at=at
    )


def deliver(run):
    """What the send task does for each queued row."""
    rows = [deliver_row(pk, now=timezone.now()) for pk in run.queued]
    return ["skipped" if row is None else row.status for row in rows]


def digest_for(user):
    return Delivery.objects.get(kind=digests.KIND, recipient=user)


@pytest.fixture
def plan(service):
    """A recommendation of an inspection of ``service``, to hang actions on."""
    return RecommendationFactory(inspection__service=service, inspection__title="Medway 2026")


@pytest.fixture
def exceptional(service, plan):
    """One action of each exceptional kind in ``service``."""
    turned_red = action(service, recommendation=plan, reference="1a", title="Audit", rag="red")
    event(EventType.ACTION_RAG_CHANGED, turned_red, NOW - timedelta(days=2), old="amber", new="red")
    overdue = action(
        service,
        recommendation=plan,
        reference="1b",
        title="Train staff",
        due_on=TODAY - timedelta(days=3),
        rag="red",
    )
    revised = action(
        service, recommendation=plan, reference="1c", title="Review policy", due_on=date(2027, 3, 1)
    )
    event(
        EventType.ACTION_DEADLINE_REVISED,
        revised,
        NOW - timedelta(days=1),
        old="2027-01-15",
        new="2027-03-01",
        reason="Waiting for the police data-sharing agreement",
    )
    signed_off_pending = action(
        service,
        recommendation=plan,
        reference="1d",
        title="Appoint lead",
        status=ActionStatus.COMPLETE,
        completed_on=TODAY - timedelta(days=1),
        rag="blue",
    )
    return {
        "turned_red": turned_red,
        "overdue": overdue,
        "revised": revised,
        "complete": signed_off_pending,
    }


def test_digest_leads_with_the_exceptions_of_the_members_service(board, board_user, exceptional):
    digests.record_due_digests(now=NOW)

    exceptions = digest_for(board_user).context["exceptions"]
    assert [a["reference"] for a in exceptions["turned_red"]] == ["1a"]
    assert [a["reference"] for a in exceptions["overdue"]] == ["1b"]
    assert [r["action"]["reference"] for r in exceptions["deadlines_revised"]] == ["1c"]
    assert [a["reference"] for a in exceptions["awaiting_sign_off"]] == ["1d"]


def test_digest_shows_nothing_of_another_service(board, board_user, exceptional, other_service):
    others = action(
        other_service,
        reference="X-OTHER",
        title="Elsewhere",
        due_on=TODAY - timedelta(days=1),
        rag="red",
    )
    event(EventType.ACTION_RAG_CHANGED, others, NOW - timedelta(days=1), old="green", new="red")

    digests.record_due_digests(now=NOW)

    message = build_message(digest_for(board_user))
    assert "Elsewhere" not in message.body
    assert "X-OTHER" not in message.body
    assert other_service.name not in message.body


def test_revised_deadline_shows_old_and_new_date_and_the_reason(board, board_user, exceptional):
    digests.record_due_digests(now=NOW)

    body = build_message(digest_for(board_user)).body
    assert "Fri 15 Jan 2027 -> Mon 1 Mar 2027" in body
    assert "Waiting for the police data-sharing agreement" in body


def test_plan_rag_counts_show_colour_and_word_with_blue_as_complete(board, board_user, exceptional):
    digests.record_due_digests(now=NOW)

    message = build_message(digest_for(board_user))
    html = message.alternatives[0][0]
    plan = digest_for(board_user).context["plans"][0]
    assert plan["name"] == "Medway 2026"
    assert {c["rag"]["label"]: c["count"] for c in plan["counts"]} == {
        "Red": 2,
        "Amber": 0,
        "Green": 1,
        "Complete": 1,
        "Unplanned": 0,
    }
    assert (
        'background: #1d70b8; color: #ffffff; padding: 0 .4em; font-weight: bold;">Complete</span>'
        in html
    )
    assert "Red 2 · Amber 0 · Green 1 · Complete 1 · Unplanned 0" in message.body


def test_plans_without_open_actions_are_left_out(board, board_user, service, exceptional):
    done = RecommendationFactory(inspection__service=service, inspection__title="Closed 2019")
    action(
        service,
        recommendation=done,
        status=ActionStatus.COMPLETE,
        completed_on=date(2020, 1, 1),
        rag="blue",
    )

    digests.record_due_digests(now=NOW)

    assert [p["name"] for p in digest_for(board_user).context["plans"]] == ["Medway 2026"]


def test_actions_due_in_the_next_30_days_are_listed(board, board_user, service, plan):
    action(service, recommendation=plan, reference="2a", due_on=TODAY, rag="amber")
    action(
        service, recommendation=plan, reference="2b", due_on=TODAY + timedelta(days=30), rag="amber"
    )
    later = action(service, recommendation=plan, reference="2c", due_on=TODAY + timedelta(days=31))
    event(EventType.ACTION_CREATED, later, NOW - timedelta(hours=1))

    digests.record_due_digests(now=NOW)

    assert [a["reference"] for a in digest_for(board_user).context["due_soon"]] == ["2a", "2b"]


def test_due_soon_is_the_services_own_window(board, board_user, service, plan):
    """A service whose Amber threshold is 14 days gets a 14-day "due soon", not a fixed 30."""
    service.rag_due_soon_days = 14
    service.save()
    action(service, recommendation=plan, reference="2a", due_on=TODAY + timedelta(days=14))
    later = action(service, recommendation=plan, reference="2b", due_on=TODAY + timedelta(days=15))
    event(EventType.ACTION_CREATED, later, NOW - timedelta(hours=1))

    digests.record_due_digests(now=NOW)

    context = digest_for(board_user).context
    assert [a["reference"] for a in context["due_soon"]] == ["2a"]
    assert context["due_soon_days"] == 14
    assert "Due in the next 14 days" in build_message(digest_for(board_user)).alternatives[0][0]


def test_quiet_week_sends_nothing_and_closes_the_period(board, board_user, service, plan):
    action(service, recommendation=plan, due_on=TODAY + timedelta(days=90))

    run = digests.record_due_digests(now=NOW)

    row = digest_for(board_user)
    assert (run.quiet, run.queued, row.status) == (1, [], DeliveryStatus.CANCELLED)
    assert row.period == "weekly:2026-W50"
    assert mail.outbox == []


def test_something_happening_later_in_a_quiet_week_waits_for_the_next_digest(
    board, board_user, service, plan
):
    digests.record_due_digests(now=NOW)
    late = action(service, recommendation=plan, rag="red")
    event(EventType.ACTION_RAG_CHANGED, late, NOW + timedelta(days=2), old="green", new="red")

    assert digests.record_due_digests(now=NOW + timedelta(days=2, hours=1)).recorded == 0
    run = digests.record_due_digests(now=NOW + timedelta(days=7))
    assert deliver(run) == ["sent"]
    assert "turned red" in mail.outbox[0].body.lower()


def test_running_the_job_twice_sends_one_digest(board, board_user, exceptional):
    first = digests.record_due_digests(now=NOW)
    second = digests.record_due_digests(now=NOW + timedelta(minutes=15))

    assert (deliver(first), second.recorded, second.queued) == (["sent"], 0, [])
    assert len(mail.outbox) == 1
    assert Delivery.objects.filter(kind=digests.KIND).count() == 1


def test_two_runs_at_once_write_one_row_and_send_one_email(board, board_user, service, exceptional):
    due = digests.due_digests(NOW)  # both runs selected before either wrote its rows
    first = digests.record_service_digests(service, due, now=NOW)
    second = digests.record_service_digests(service, due, now=NOW)

    assert first.queued == second.queued
    assert deliver(first) + deliver(second) == ["sent", "skipped"]
    assert len(mail.outbox) == 1


def test_next_digest_covers_only_what_happened_since_the_last_one_sent(
    board, board_user, service, plan
):
    first = action(service, recommendation=plan, reference="3a", rag="red")
    event(EventType.ACTION_RAG_CHANGED, first, NOW - timedelta(days=1), old="green", new="red")
    deliver(digests.record_due_digests(now=NOW))
    second = action(service, recommendation=plan, reference="3b", rag="red")
    event(EventType.ACTION_RAG_CHANGED, second, NOW + timedelta(days=3), old="green", new="red")

    deliver(digests.record_due_digests(now=NOW + timedelta(days=7)))

    latest = Delivery.objects.get(period="weekly:2026-W51")
    assert [a["reference"] for a in latest.context["exceptions"]["turned_red"]] == ["3b"]


def test_a_first_digest_looks_back_one_week(board, board_user, service, plan):
    old = action(service, recommendation=plan, rag="red")
    event(EventType.ACTION_RAG_CHANGED, old, NOW - timedelta(days=8), old="green", new="red")

    assert digests.record_due_digests(now=NOW).quiet == 1


def test_nothing_is_due_at_monday_0759_in_london(board, board_user, exceptional):
    assert digests.record_due_digests(now=datetime(2026, 12, 7, 7, 59, tzinfo=UTC)).recorded == 0
    assert digests.record_due_digests(now=datetime(2026, 12, 7, 8, 0, tzinfo=UTC)).recorded == 1


def test_unsubscribed_member_gets_no_digest(board, board_user, exceptional):
    BoardMember.objects.filter(user=board_user).update(digest_choice=DigestChoice.UNSUBSCRIBED)

    assert digests.record_due_digests(now=NOW).recorded == 0


def test_a_deactivated_user_gets_no_digest(board, board_user, exceptional):
    board_user.is_active = False
    board_user.save()

    assert digests.record_due_digests(now=NOW).recorded == 0


def test_member_choice_overrides_the_board_schedule(board, board_user, exceptional):
    chair = board_member(board, role="chair", username="chair")
    BoardMember.objects.filter(user=chair).update(digest_choice=DigestChoice.MONTHLY)
    board.digest_schedule = DigestSchedule.MONTHLY
    board.save()
    BoardMember.objects.filter(user=board_user).update(digest_choice=DigestChoice.WEEKLY)
    tuesday = NOW + timedelta(days=8)  # 15 December: the second week, no longer the first Monday

    digests.record_due_digests(now=NOW)
    digests.record_due_digests(now=tuesday)

    periods = sorted(Delivery.objects.values_list("recipient__username", "period"))
    assert periods == [
        ("boardmember", "weekly:2026-W50"),
        ("boardmember", "weekly:2026-W51"),
        ("chair", "monthly:2026-12"),
    ]


def test_before_meeting_digest_goes_out_days_before_the_next_meeting(
    board, board_user, exceptional
):
    board.digest_schedule = DigestSchedule.BEFORE_MEETING
    board.digest_days_before_meeting = 5
    board.save()
    BoardMeeting.objects.create(board=board, meets_on=date(2026, 12, 1))  # already held
    BoardMeeting.objects.create(board=board, meets_on=date(2026, 12, 10))
    BoardMeeting.objects.create(board=board, meets_on=date(2027, 3, 10))

    assert digests.record_due_digests(now=datetime(2026, 12, 5, 7, 59, tzinfo=UTC)).recorded == 0
    digests.record_due_digests(now=datetime(2026, 12, 5, 8, 0, tzinfo=UTC))

    assert digest_for(board_user).period == "meeting:2026-12-10"
    body = build_message(digest_for(board_user)).body
    assert "your digest ahead of the board meeting on Thu 10 Dec 2026" in body
    assert "which sends a digest 5 days before each board meeting" in body


def test_member_without_email_address_is_recorded_and_not_sent(board, exceptional):
    user = board_member(board, username="noemail")
    user.email = ""
    user.save()

    run = digests.record_due_digests(now=NOW)

    assert run.queued == []
    assert digest_for(user).last_error == digests.NO_EMAIL


def test_email_says_why_and_links_to_admin_and_preferences(board, board_user, exceptional):
    deliver(digests.record_due_digests(now=NOW))

    message = mail.outbox[0]
    assert message.to == [board_user.email]
    assert message.subject == "Medway Youth Justice Service board digest: 4 exceptions to review"
    assert "because you are a member of the Youth Justice Management Board" in message.body
    assert f"/admin/actions/action/{exceptional['overdue'].pk}/change/" in message.body
    assert "/notifications/digests/" in message.body
    assert "escalations to the board chair continue" in message.body


def test_email_carries_one_click_list_unsubscribe_headers(board, board_user, exceptional):
    deliver(digests.record_due_digests(now=NOW))

    headers = mail.outbox[0].extra_headers
    unsubscribe = digest_for(board_user).context["unsubscribe_url"]
    assert headers["List-Unsubscribe"] == f"<{unsubscribe}>"
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_digest_context_survives_a_json_round_trip(board, board_user, exceptional):
    digests.record_due_digests(now=NOW)

    context = digest_for(board_user).context
    assert json.loads(json.dumps(context)) == context


def _populate(service, members: int, actions: int):
    board = BoardFactory(service=service)
    for n in range(members):
        board_member(board, username=f"{service.pk}-m{n}")
    recommendation = RecommendationFactory(inspection__service=service)
    for n in range(actions):
        late = action(
            service, recommendation=recommendation, due_on=TODAY - timedelta(days=n % 5), rag="red"
        )
        event(EventType.ACTION_RAG_CHANGED, late, NOW - timedelta(days=1), old="amber", new="red")


@pytest.mark.parametrize(("members", "actions"), [(2, 3), (25, 40)])
def test_digest_queries_do_not_grow_with_members_or_actions(
    django_assert_max_num_queries, service, other_service, members, actions
):
    _populate(service, members=members, actions=actions)
    _populate(other_service, members=members, actions=actions)

    # Selection (2) + per service: last digests, latest meeting, events, named actions,
    # overdue, sign-off and due soon (a handful and a count each), roll-up (3), insert (1),
    # waiting rows (1), savepoint pair (2).
    with django_assert_max_num_queries(2 + 2 * 17):
        run = digests.record_due_digests(now=NOW)
    assert len(run.queued) == 2 * members


def test_the_task_run_twice_sends_each_digest_once(
    board, board_user, exceptional, django_capture_on_commit_callbacks
):
    from core.jobs import tasks_inline
    from notifications.tasks import send_digests_task

    with tasks_inline(), django_capture_on_commit_callbacks(execute=True):
        first = send_digests_task.apply(kwargs={"as_of": NOW.isoformat()}).get()
        second = send_digests_task.apply(kwargs={"as_of": NOW.isoformat()}).get()

    assert (first["queued"], second["queued"]) == (1, 0)
    assert [m.to for m in mail.outbox] == [[board_user.email]]
    assert digest_for(board_user).status == DeliveryStatus.SENT


def test_send_digests_is_a_periodic_job():
    from core.jobs import periodic_jobs

    job = periodic_jobs()["send_digests"]
    assert job.registered
    assert job.summary.startswith("Write and queue every board digest due")


def test_a_member_removed_from_the_service_gets_no_digest(board, board_user, service, exceptional):
    ServiceMembership.objects.filter(user=board_user, service=service).delete()

    run = digests.record_due_digests(now=NOW)

    assert (run.recorded, run.queued) == (0, [])
    assert not Delivery.objects.filter(recipient=board_user).exists()


def test_a_digest_chosen_before_the_member_was_removed_is_not_sent(
    board, board_user, service, exceptional
):
    run = digests.record_due_digests(now=NOW)
    ServiceMembership.objects.filter(user=board_user, service=service).delete()

    assert deliver(run) == [DeliveryStatus.CANCELLED]
    assert mail.outbox == []
    assert digest_for(board_user).last_error == NO_LONGER_A_MEMBER


def test_a_seat_needs_a_role_in_the_boards_service_and_one_of_its_agencies(
    board, other_service, other_owner
):
    other_agency = PartnerAgency.objects.create(
        service=other_service, name="Kent Police", kind="police"
    )
    seat = BoardMember(board=board, user=other_owner, agency=other_agency)

    with pytest.raises(ValidationError) as refused:
        seat.full_clean()

    assert refused.value.message_dict == {
        "user": ["Give this person a role in the board's service first."],
        "agency": ["Choose one of the board's service's partner agencies."],
    }
