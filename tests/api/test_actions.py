"""actions/: reads, writes through the operations, transitions, permissions and If-Match."""

from datetime import date, timedelta

import pytest

from actions.models import Action, DeadlineRevision
from actions.operations.actions import complete_action
from actions.operations.progress import record_progress
from actions.operations.recommendations import save_recommendation
from events.models import DomainEvent
from inspections.models import Recommendation
from tenancy.models import Board, BoardMeeting
from tests.factories import make_action
from tests.support import TODAY

pytestmark = pytest.mark.django_db

URL = "/api/v1/actions/"
CLOSING = {"closing_statement": "Audit shows every plan reviewed on time."}


def detail(action, suffix=""):
    return f"{URL}{action.pk}/{suffix}"


def in_days(days):
    """``TODAY`` + ``days``, ISO: the tests using it run frozen on ``TODAY`` (the ``plan`` fixture)."""
    return (TODAY + timedelta(days=days)).isoformat()


def test_action_lists_the_contract_fields(plan, client_for, manager):
    record_progress(action=plan.action, author=manager, narrative="Started.", assessed_rag="amber")

    body = client_for(manager).get(URL).json()

    row = body["results"][0]
    assert body["count"] == 1
    assert set(row) >= {
        "id",
        "recommendation",
        "reference",
        "title",
        "description",
        "owner",
        "lead_agency",
        "start_on",
        "original_due_on",
        "due_on",
        "status",
        "rag",
        "rag_reason",
        "completed_on",
        "signed_off_at",
        "signed_off_by",
        "latest_update",
        "updated_at",
    }
    assert row["status"] == "in_progress"
    assert row["rag"] == "amber"
    assert row["latest_update"]["narrative"] == "Started."
    assert row["latest_update"]["assessed_rag"] == "amber"


def test_rag_reason_says_why_in_words_on_list_rows_and_detail(plan, client_for, manager):
    record_progress(action=plan.action, author=manager, narrative="Slipping.", assessed_rag="amber")
    client = client_for(manager)

    row = client.get(URL).json()["results"][0]

    assert (row["rag"], row["rag_reason"]) == ("amber", "Latest update assessed Amber")
    assert client.get(detail(plan.action)).json()["rag_reason"] == "Latest update assessed Amber"


def test_latest_update_is_the_most_recent_of_several(plan, client_for, manager):
    for narrative, rag in (("First.", "green"), ("Second.", "red")):
        record_progress(action=plan.action, author=manager, narrative=narrative, assessed_rag=rag)

    row = client_for(manager).get(detail(plan.action)).json()

    assert row["latest_update"]["narrative"] == "Second."
    assert row["rag"] == "red"


def test_another_services_action_is_not_found(plan, other_plan, client_for, plan_owner):
    client = client_for(plan_owner)

    assert client.get(detail(other_plan.action)).status_code == 404
    assert client.patch(detail(other_plan.action), {"title": "x"}).status_code == 404
    assert client.post(detail(other_plan.action, "complete/")).status_code == 404
    assert [row["id"] for row in client.get(URL).json()["results"]] == [plan.action.pk]


def test_anonymous_requests_are_refused(plan, client_for):
    assert client_for(None).get(URL).status_code == 401


def test_manager_creates_an_action_and_its_events_and_rag(plan, client_for, manager, plan_owner):
    payload = {
        "recommendation": plan.recommendation.pk,
        "reference": "1b",
        "title": "Audit planning quality",
        "owner": plan_owner.pk,
        "lead_agency": plan.agency.pk,
        "due_on": in_days(10),
    }

    response = client_for(manager).post(URL, payload)

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["original_due_on"] == body["due_on"] == payload["due_on"]
    assert body["rag"] == "amber"
    assert response["ETag"]
    created = DomainEvent.objects.filter(type="action.created", subject_id=body["id"])
    assert created.get().actor == manager


def test_duplicate_reference_is_a_400_with_the_models_message(plan, client_for, manager):
    payload = {
        "recommendation": plan.recommendation.pk,
        "reference": "1a",
        "title": "Again",
        "owner": manager.pk,
        "due_on": in_days(10),
    }

    response = client_for(manager).post(URL, payload)

    assert response.status_code == 400
    assert response.json() == {
        "non_field_errors": ["This recommendation already has an action with this reference."]
    }


@pytest.mark.parametrize(
    ("field", "value", "message_part"),
    [
        ("due_on", "2025-02-30", "Date has wrong format"),
        ("due_on", "not a date", "Date has wrong format"),
        ("owner", "abc", "Incorrect type"),
        ("owner", 999999, "does not exist"),
        ("recommendation", None, "may not be null"),
        ("status", "finished", "is not a valid choice"),
        ("title", "", "may not be blank"),
        ("title", "x" * 201, "no more than 200 characters"),
    ],
)
def test_bad_values_get_a_400_naming_the_field(
    plan, client_for, manager, field, value, message_part
):
    payload = {
        "recommendation": plan.recommendation.pk,
        "reference": "9z",
        "title": "Something",
        "owner": manager.pk,
        "due_on": in_days(10),
        field: value,
    }

    response = client_for(manager).post(URL, payload)

    assert response.status_code == 400
    assert message_part in " ".join(response.json()[field])


def test_start_after_deadline_is_a_400_from_the_constraint(plan, client_for, manager):
    payload = {
        "recommendation": plan.recommendation.pk,
        "reference": "1c",
        "title": "Backwards",
        "owner": manager.pk,
        "start_on": in_days(20),
        "due_on": in_days(10),
    }

    response = client_for(manager).post(URL, payload)

    assert response.status_code == 400
    assert "The deadline cannot be before the start date." in str(response.json())


def test_recommendation_of_another_service_is_refused(other_plan, plan, client_for, manager):
    payload = {
        "recommendation": other_plan.recommendation.pk,
        "reference": "1b",
        "title": "Sneaky",
        "owner": manager.pk,
        "due_on": in_days(10),
    }

    response = client_for(manager).post(URL, payload)

    assert response.status_code == 400
    assert "does not exist" in response.json()["recommendation"][0]
    assert not Action.objects.filter(title="Sneaky").exists()


def test_agency_of_another_service_is_refused(other_plan, plan, client_for, manager):
    response = client_for(manager).patch(detail(plan.action), {"lead_agency": other_plan.agency.pk})

    assert response.status_code == 400
    assert "lead_agency" in response.json()


def test_patch_records_the_change_and_keeps_the_deadline_rule(plan, client_for, plan_owner):
    client = client_for(plan_owner)

    response = client.patch(detail(plan.action), {"title": "Renamed", "description": "Why"})

    assert response.status_code == 200
    assert response.json()["title"] == "Renamed"
    change = DomainEvent.objects.get(type="action.changed", subject_id=plan.action.pk)
    assert change.data["changes"]["title"] == {"old": "Action 1a", "new": "Renamed"}
    moved = client.patch(detail(plan.action), {"due_on": in_days(300)})
    assert moved.status_code == 400
    assert "revise-deadline" in moved.json()["due_on"][0]


def test_an_action_cannot_move_to_another_recommendation(plan, client_for, manager):
    second = save_recommendation(
        recommendation=Recommendation(inspection=plan.inspection, number=2, text="More."),
        actor=manager,
    )

    response = client_for(manager).patch(detail(plan.action), {"recommendation": second.pk})

    assert response.status_code == 400
    assert response.json()["recommendation"] == ["This cannot be changed once set."]


def test_put_replaces_the_editable_fields(plan, client_for, manager, plan_owner):
    payload = {
        "recommendation": plan.recommendation.pk,
        "reference": "1a",
        "title": "Whole",
        "owner": plan_owner.pk,
        "due_on": plan.action.due_on.isoformat(),
        "status": "in_progress",
    }

    response = client_for(manager).put(detail(plan.action), payload)

    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "in_progress"


def test_delete_is_not_allowed(plan, client_for, manager):
    assert client_for(manager).delete(detail(plan.action)).status_code == 405


# --- permissions, role by role -------------------------------------------------------------


def test_plan_owner_cannot_create_actions(plan, client_for, plan_owner):
    payload = {
        "recommendation": plan.recommendation.pk,
        "reference": "1b",
        "title": "Mine",
        "owner": plan_owner.pk,
        "due_on": in_days(10),
    }

    assert client_for(plan_owner).post(URL, payload).status_code == 403


def test_board_member_only_reads(plan, client_for, board_user, manager):
    client = client_for(board_user)

    assert client.get(detail(plan.action)).status_code == 200
    assert client.patch(detail(plan.action), {"title": "x"}).status_code == 403
    progress = {"narrative": "x", "assessed_rag": "green"}
    assert client.post(detail(plan.action, "progress-updates/"), progress).status_code == 403
    revision = {"due_on": in_days(200), "reason": "x"}
    assert client.post(detail(plan.action, "revise-deadline/"), revision).status_code == 403
    assert client.post(detail(plan.action, "complete/"), CLOSING).status_code == 403
    complete_action(action=plan.action, actor=manager, closing_statement="Done.")
    # Signing off is the chair's, unless the board lets every member.
    assert client.post(detail(plan.action, "sign-off/")).status_code == 403
    assert client.post(detail(plan.action, "send-back/"), {"comment": "x"}).status_code == 403
    plan.action.service.board.members_may_sign_off = True
    plan.action.service.board.save()
    signed = client.post(detail(plan.action, "sign-off/"))
    assert signed.status_code == 200
    assert signed.json()["signed_off_by"] == board_user.pk


def test_plan_owner_edits_only_their_own_actions(plan, client_for, plan_owner, manager):
    managers_action = make_action(plan.recommendation, owner=manager, actor=manager, reference="1z")
    client = client_for(plan_owner)

    assert client.patch(detail(plan.action), {"title": "Mine"}).status_code == 200
    assert client.patch(detail(managers_action), {"title": "Theirs"}).status_code == 403
    progress = {"narrative": "x", "assessed_rag": "green"}
    assert client.post(detail(managers_action, "progress-updates/"), progress).status_code == 403


@pytest.mark.parametrize("role", ["manager", "plan_owner"])
def test_managers_and_owners_cannot_sign_off(plan, client_for, role, request, manager):
    complete_action(action=plan.action, actor=manager, closing_statement="Done.")

    response = client_for(request.getfixturevalue(role)).post(detail(plan.action, "sign-off/"))

    assert response.status_code == 403


def test_other_service_manager_gets_404_on_every_transition(
    plan, other_plan, client_for, other_manager
):
    client = client_for(other_manager)

    for suffix in ("progress-updates/", "revise-deadline/", "complete/", "sign-off/"):
        assert client.post(detail(plan.action, suffix), {}).status_code == 404


# --- transitions -------------------------------------------------------------------------


def test_owner_records_progress_and_the_rag_follows(plan, client_for, plan_owner):
    response = client_for(plan_owner).post(
        detail(plan.action, "progress-updates/"),
        {"narrative": "Policy drafted.", "assessed_rag": "red"},
    )

    assert response.status_code == 201
    assert response.json()["author"] == plan_owner.pk
    assert response.json()["action"] == plan.action.pk
    plan.action.refresh_from_db()
    assert (plan.action.status, plan.action.rag) == ("in_progress", "red")
    assert DomainEvent.objects.filter(type="progress.recorded").count() == 1


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"narrative": "", "assessed_rag": "green"}, "narrative"),
        ({"narrative": "x", "assessed_rag": "blue"}, "assessed_rag"),
        ({"narrative": "x"}, "assessed_rag"),
    ],
)
def test_bad_progress_is_a_400(plan, client_for, plan_owner, payload, field):
    response = client_for(plan_owner).post(detail(plan.action, "progress-updates/"), payload)

    assert response.status_code == 400
    assert field in response.json()


def test_owner_deadline_request_waits_for_the_manager(plan, client_for, plan_owner):
    response = client_for(plan_owner).post(
        detail(plan.action, "revise-deadline/"),
        {"due_on": in_days(200), "reason": "Partner restructure."},
    )

    assert response.status_code == 201
    assert response.json()["status"] == "pending"
    plan.action.refresh_from_db()
    assert plan.action.due_on == plan.action.original_due_on


def test_manager_deadline_revision_applies_at_once(plan, client_for, manager):
    response = client_for(manager).post(
        detail(plan.action, "revise-deadline/"), {"due_on": in_days(200), "reason": "Agreed."}
    )

    assert response.status_code == 201
    assert response.json()["status"] == "approved"
    action = client_for(manager).get(detail(plan.action)).json()
    assert action["due_on"] == in_days(200)
    assert action["original_due_on"] == in_days(90)


@pytest.mark.parametrize(
    ("payload", "field", "message"),
    [
        ({"due_on": None, "reason": "x"}, "due_on", "may not be null"),
        ({"due_on": in_days(90), "reason": "Same"}, "due_on", "same as the current one"),
        ({"due_on": in_days(100), "reason": "   "}, "reason", "may not be blank"),
        ({"due_on": "31/12/2030", "reason": "x"}, "due_on", "wrong format"),
    ],
)
def test_bad_deadline_revision_is_a_400(plan, client_for, manager, payload, field, message):
    response = client_for(manager).post(detail(plan.action, "revise-deadline/"), payload)

    assert response.status_code == 400
    assert message in " ".join(response.json()[field])


def test_second_pending_request_is_a_400(plan, client_for, plan_owner):
    client = client_for(plan_owner)
    first = {"due_on": in_days(200), "reason": "One."}
    assert client.post(detail(plan.action, "revise-deadline/"), first).status_code == 201

    second = client.post(
        detail(plan.action, "revise-deadline/"), {"due_on": in_days(250), "reason": "Two."}
    )

    assert second.status_code == 400
    assert "already awaiting approval" in second.json()["due_on"][0]
    assert DeadlineRevision.objects.count() == 1


def test_complete_then_sign_off(plan, client_for, plan_owner, chair, today):
    completed = client_for(plan_owner).post(detail(plan.action, "complete/"), CLOSING)

    assert completed.status_code == 200
    assert completed.json()["status"] == "complete"
    assert completed.json()["rag"] == "blue"
    assert completed.json()["completed_on"] == today.isoformat()
    assert completed.json()["completed_by"] == plan_owner.pk
    assert completed.json()["closing_statement"] == CLOSING["closing_statement"]
    again = client_for(plan_owner).post(detail(plan.action, "complete/"), CLOSING)
    assert again.status_code == 400
    assert again.json() == {"status": ["This action is already complete."]}
    meeting = BoardMeeting.objects.create(board=plan.action.service.board, meets_on=today)
    signed = client_for(chair).post(
        detail(plan.action, "sign-off/"), {"comment": "Seen.", "meeting": meeting.pk}
    )
    assert signed.status_code == 200
    assert signed.json()["signed_off_at"]
    assert signed.json()["sign_off_comment"] == "Seen."
    assert signed.json()["signed_off_meeting"] == meeting.pk


def test_complete_needs_a_closing_statement(plan, client_for, plan_owner):
    response = client_for(plan_owner).post(detail(plan.action, "complete/"), {})

    assert response.status_code == 400
    assert response.json() == {"closing_statement": ["This field is required."]}


def test_the_chair_sends_back_with_a_comment(plan, client_for, plan_owner, chair):
    client_for(plan_owner).post(detail(plan.action, "complete/"), CLOSING)

    refused = client_for(chair).post(detail(plan.action, "send-back/"), {})
    sent_back = client_for(chair).post(
        detail(plan.action, "send-back/"), {"comment": "Show the audit."}
    )

    assert refused.status_code == 400 and "comment" in refused.json()
    assert sent_back.status_code == 200
    assert sent_back.json()["status"] == "in_progress"
    assert sent_back.json()["completed_by"] is None


def test_a_meeting_of_another_service_is_a_400(plan, client_for, plan_owner, chair, other_plan):
    client_for(plan_owner).post(detail(plan.action, "complete/"), CLOSING)
    elsewhere = Board.objects.create(service=other_plan.action.service)
    meeting = BoardMeeting.objects.create(board=elsewhere, meets_on=date(2026, 11, 1))

    response = client_for(chair).post(detail(plan.action, "sign-off/"), {"meeting": meeting.pk})

    assert response.status_code == 400
    assert response.json() == {"meeting": ["Choose a meeting of this service's board."]}


def test_complete_on_a_future_date_is_a_400(plan, client_for, plan_owner):
    response = client_for(plan_owner).post(
        detail(plan.action, "complete/"), {"completed_on": in_days(3), **CLOSING}
    )

    assert response.status_code == 400
    assert response.json() == {"completed_on": ["The completion date cannot be in the future."]}


def test_signing_off_an_open_action_is_a_400(plan, client_for, chair):
    response = client_for(chair).post(detail(plan.action, "sign-off/"))

    assert response.status_code == 400
    assert response.json() == {"status": ["Only a complete action can be signed off."]}


def test_a_signed_off_action_cannot_be_reopened(plan, client_for, manager, chair):
    complete_action(action=plan.action, actor=manager, closing_statement="Done.")
    client_for(chair).post(detail(plan.action, "sign-off/"))

    response = client_for(manager).patch(detail(plan.action), {"status": "in_progress"})

    assert response.status_code == 400
    assert response.json() == {"status": ["A signed-off action cannot be reopened."]}


# --- ETag and If-Match ---------------------------------------------------------------------


def test_get_sends_an_etag_that_a_patch_can_match(plan, client_for, manager, time_machine):
    client = client_for(manager)
    etag = client.get(detail(plan.action))["ETag"]
    time_machine.shift(timedelta(seconds=1))  # the ETag is the time of the last change

    response = client.patch(detail(plan.action), {"title": "New"}, HTTP_IF_MATCH=etag)

    assert response.status_code == 200
    assert response["ETag"] != etag


def test_stale_if_match_is_refused_with_412_and_nothing_changes(
    plan, client_for, manager, plan_owner, time_machine
):
    etag = client_for(manager).get(detail(plan.action))["ETag"]
    time_machine.shift(timedelta(seconds=1))
    record_progress(action=plan.action, author=plan_owner, narrative="x", assessed_rag="green")

    response = client_for(manager).patch(
        detail(plan.action), {"title": "Lost?"}, HTTP_IF_MATCH=etag
    )

    assert response.status_code == 412
    plan.action.refresh_from_db()
    assert plan.action.title == "Action 1a"


def test_stale_if_match_also_guards_transitions(plan, client_for, manager, time_machine):
    client = client_for(manager)
    etag = client.get(detail(plan.action))["ETag"]
    time_machine.shift(timedelta(seconds=1))
    client.patch(detail(plan.action), {"title": "Changed"})

    response = client.post(detail(plan.action, "complete/"), CLOSING, HTTP_IF_MATCH=etag)

    assert response.status_code == 412


def test_if_match_star_and_missing_if_match_are_allowed(plan, client_for, manager):
    client = client_for(manager)

    assert client.patch(detail(plan.action), {"title": "A"}, HTTP_IF_MATCH="*").status_code == 200
    assert client.patch(detail(plan.action), {"title": "B"}).status_code == 200


def test_a_revised_deadline_before_the_start_is_a_400_from_the_actions_constraint(
    plan, client_for, manager
):
    Action.objects.filter(pk=plan.action.pk).update(start_on=in_days(30))

    response = client_for(manager).post(
        detail(plan.action, "revise-deadline/"), {"due_on": in_days(20), "reason": "Sooner."}
    )

    assert response.status_code == 400
    assert response.json() == {"due_on": ["The deadline cannot be before the start date."]}
    assert not DeadlineRevision.objects.exists()


def test_page_size_is_capped_at_500_and_bad_pages_are_refused(
    plan, client_for, manager, plan_owner
):
    for reference in ("1b", "1c", "1d"):
        make_action(plan.recommendation, owner=plan_owner, actor=manager, reference=reference)
    client = client_for(manager)

    capped = client.get(f"{URL}?page_size=100000")
    assert capped.status_code == 200
    assert capped.json()["count"] == 4
    paged = client.get(f"{URL}?page_size=2&page=2").json()
    assert len(paged["results"]) == 2
    assert paged["previous"]
    assert paged["next"] is None
    for bad in ("abc", "false", "0", "2.5", "-1", ""):
        refused = client.get(f"{URL}?page_size={bad}")
        assert refused.status_code == 400, bad
        assert refused.json() == {"page_size": ["Use a whole number from 1 to 500."]}
    assert client.get(f"{URL}?page=99").status_code == 404
