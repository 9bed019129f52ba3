"""The action admin: isolation between services, roles, progress, deadlines, sign-off, bad input."""

from datetime import timedelta

import pytest
from django.urls import reverse

from actions.choices import ActionStatus, RevisionStatus
from actions.models import Action, ProgressUpdate
from actions.operations.actions import complete_action, sign_off_action
from actions.operations.progress import record_progress
from events.catalogue import EventType
from events.models import DomainEvent
from tests.factories import (
    ActionFactory,
    AgencyFactory,
    InspectionFactory,
    ProgressUpdateFactory,
    RecommendationFactory,
)

# Frozen on TODAY: the code under test reads the clock itself.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("today")]

CHANGELIST = reverse("admin:actions_action_changelist")


def change_url(action):
    return reverse("admin:actions_action_change", args=[action.pk])


@pytest.fixture
def recommendation(service):
    return RecommendationFactory(inspection=InspectionFactory(service=service), number=1)


@pytest.fixture
def action(recommendation, plan_owner):
    return ActionFactory(
        recommendation=recommendation,
        reference="1a",
        title="Introduce ACORN recording",
        owner=plan_owner,
        lead_agency=AgencyFactory(service=recommendation.inspection.service, name="Kent Police"),
    )


@pytest.fixture
def foreign_action(other_service, other_owner):
    recommendation = RecommendationFactory(inspection=InspectionFactory(service=other_service))
    return ActionFactory(
        recommendation=recommendation,
        reference="9z",
        title="Blackpool secret plan",
        owner=other_owner,
        lead_agency=AgencyFactory(service=other_service, name="Lancashire Police"),
    )


def form_data(action, **changes):
    """The POST of the action change form as a manager sees it, with ``changes``."""
    data = {
        "recommendation": action.recommendation_id,
        "reference": action.reference,
        "title": action.title,
        "description": action.description,
        "owner": action.owner_id,
        "lead_agency": action.lead_agency_id or "",
        "start_on": action.start_on or "",
        "status": action.status,
        "completed_on": action.completed_on or "",
        **progress_management(),
    }
    data.update(changes)
    return data


def progress_management(total=0, initial=0, **rows):
    return {
        "progress_updates-TOTAL_FORMS": total,
        "progress_updates-INITIAL_FORMS": initial,
        "progress_updates-MIN_NUM_FORMS": 0,
        "progress_updates-MAX_NUM_FORMS": 1000,
        **rows,
    }


# Isolation between services


def test_changelist_shows_only_the_users_service(client, manager, action, foreign_action):
    client.force_login(manager)
    response = client.get(CHANGELIST)
    assert response.status_code == 200
    assert action.title in response.text
    assert foreign_action.title not in response.text
    assert "Lancashire Police" not in response.text


def test_change_view_of_another_services_action_is_treated_as_missing(
    client, plan_owner, foreign_action
):
    client.force_login(plan_owner)
    response = client.get(change_url(foreign_action))
    assert response.status_code == 302
    assert response.url == reverse("admin:index")
    assert foreign_action.title not in client.get(response.url).text


def test_posting_to_another_services_action_changes_nothing(client, manager, foreign_action):
    client.force_login(manager)
    response = client.post(change_url(foreign_action), form_data(foreign_action, title="Hijacked"))
    assert response.status_code == 302
    foreign_action.refresh_from_db()
    assert foreign_action.title == "Blackpool secret plan"


def test_search_never_finds_another_services_action(client, manager, action, foreign_action):
    client.force_login(manager)
    response = client.get(CHANGELIST, {"q": "secret"})
    assert response.status_code == 200
    assert foreign_action.title not in response.text
    assert "0 actions" in response.text


def test_autocomplete_offers_only_the_users_service_agencies(
    client, manager, action, foreign_action
):
    client.force_login(manager)
    params = {"app_label": "actions", "model_name": "action", "field_name": "lead_agency"}
    response = client.get(reverse("admin:autocomplete"), {**params, "term": "Police"})
    assert response.status_code == 200
    names = [result["text"] for result in response.json()["results"]]
    assert names == ["Kent Police"]


def test_autocomplete_of_recommendations_never_leaks(client, plan_owner, action, foreign_action):
    client.force_login(plan_owner)
    params = {"app_label": "actions", "model_name": "action", "field_name": "recommendation"}
    response = client.get(reverse("admin:autocomplete"), {**params, "term": ""})
    assert response.status_code == 200
    ids = {int(result["id"]) for result in response.json()["results"]}
    assert ids == {action.recommendation_id}


def test_filter_choices_never_name_another_service(client, manager, action, foreign_action):
    client.force_login(manager)
    response = client.get(CHANGELIST)
    assert "Blackpool" not in response.text
    assert "other_owner" not in response.text


def test_filtering_by_another_services_object_shows_nothing_and_says_so(
    client, manager, action, foreign_action
):
    client.force_login(manager)
    response = client.get(CHANGELIST, {"recommendation": foreign_action.recommendation_id})
    assert response.status_code == 200
    assert foreign_action.title not in response.text
    assert action.title not in response.text
    assert "was not applied" in response.text


def test_owner_choices_are_people_of_the_managers_service(
    client, manager, plan_owner, recommendation, other_owner
):
    client.force_login(manager)
    response = client.get(reverse("admin:actions_action_add"))
    assert response.status_code == 200
    owner_field = response.context["adminform"].form.fields["owner"]
    assert plan_owner in owner_field.queryset
    assert other_owner not in owner_field.queryset


# Each role's pages


@pytest.mark.parametrize("role", ["plan_owner", "manager", "board_user"])
def test_every_role_sees_its_pages(client, request, role, action):
    client.force_login(request.getfixturevalue(role))
    inspection = action.recommendation.inspection
    for url in (
        reverse("admin:index"),
        CHANGELIST,
        change_url(action),
        reverse("admin:inspections_inspection_change", args=[inspection.pk]),
        reverse("admin:inspections_recommendation_change", args=[action.recommendation_id]),
        reverse("admin:actions_action_revise_deadline", args=[action.pk]),
    ):
        assert client.get(url).status_code == 200, url


# The action list


def test_plan_owner_lands_on_their_own_actions(client, plan_owner, action, manager):
    someone_elses = ActionFactory(recommendation=action.recommendation, owner=manager)
    client.force_login(plan_owner)
    mine = client.get(CHANGELIST)
    assert action.title in mine.text
    assert someone_elses.title not in mine.text
    everything = client.get(CHANGELIST, {"mine": "false"})
    assert someone_elses.title in everything.text
    assert "All actions" in mine.text


def test_managers_see_every_action_of_their_service_by_default(client, manager, action):
    client.force_login(manager)
    assert action.title in client.get(CHANGELIST).text


def test_rag_is_a_badge_with_the_word_and_blue_reads_complete(client, manager, action, today):
    Action.objects.filter(pk=action.pk).update(
        rag="blue", status=ActionStatus.COMPLETE, completed_on=today
    )
    client.force_login(manager)
    response = client.get(CHANGELIST)
    assert '<span class="rag-badge rag-blue">Complete</span>' in response.text


def test_changelist_filters_with_the_filterset(client, manager, action, recommendation, today):
    overdue = ActionFactory(recommendation=recommendation, due_on=today - timedelta(1))
    client.force_login(manager)
    response = client.get(CHANGELIST, {"overdue": "true"})
    assert list(response.context["cl"].result_list) == [overdue]
    response = client.get(CHANGELIST, {"due_within_days": "100", "overdue": "false"})
    assert list(response.context["cl"].result_list) == [action]


def test_changelist_rag_filter_takes_several_values(client, manager, action, recommendation):
    red = ActionFactory(recommendation=recommendation, rag="red")
    ActionFactory(recommendation=recommendation, rag="amber")
    client.force_login(manager)
    response = client.get(CHANGELIST, {"rag": "red,green"})
    assert set(response.context["cl"].result_list) == {red, action}


def test_the_due_within_box_keeps_the_other_filters(client, manager, action):
    client.force_login(manager)
    response = client.get(CHANGELIST, {"status": "not_started", "q": "ACORN"})
    assert '<input type="hidden" name="status" value="not_started">' in response.text
    assert '<input type="hidden" name="q" value="ACORN">' in response.text


def test_a_malformed_filter_value_is_a_message_not_an_error(client, manager, action):
    client.force_login(manager)
    response = client.get(CHANGELIST, {"due_within_days": "soon"})
    assert response.status_code == 200
    assert "was not applied" in response.text


def test_changelist_queries_do_not_grow_with_the_number_of_actions(
    client, manager, recommendation, django_assert_max_num_queries
):
    ActionFactory.create_batch(5, recommendation=recommendation)
    client.force_login(manager)
    with django_assert_max_num_queries(30) as few:
        client.get(CHANGELIST)
    ActionFactory.create_batch(60, recommendation=recommendation)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(CHANGELIST)
    assert response.context["cl"].result_count == 65
    assert len(response.context["cl"].result_list) == 50  # a page


def test_the_list_says_why_each_action_has_its_rag(client, manager, recommendation, today):
    ActionFactory(recommendation=recommendation, due_on=today - timedelta(days=12), rag="red")
    client.force_login(manager)

    response = client.get(CHANGELIST, {"mine": "false"})

    assert '<td class="field-rag_reason">12 days overdue</td>' in response.text


# Changing an action


def test_plan_owner_cannot_change_another_owners_action(client, plan_owner, manager, action):
    theirs = ActionFactory(recommendation=action.recommendation, owner=manager, title="Theirs")
    client.force_login(plan_owner)
    page = client.get(change_url(theirs))
    assert page.status_code == 200
    assert 'name="_save"' not in page.text
    response = client.post(change_url(theirs), form_data(theirs, title="Mine now"))
    assert response.status_code == 403
    theirs.refresh_from_db()
    assert theirs.title == "Theirs"


def test_plan_owner_edits_their_own_action_through_save_action(client, plan_owner, action):
    client.force_login(plan_owner)
    data = form_data(action, title="Introduce ACORN recording in all teams")
    for readonly in ("recommendation", "reference", "owner"):
        data.pop(readonly)
    response = client.post(change_url(action), data)
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.title == "Introduce ACORN recording in all teams"
    event = DomainEvent.objects.get(type=EventType.ACTION_CHANGED, subject_id=action.pk)
    assert event.actor == plan_owner


def test_the_current_deadline_is_not_editable_on_the_change_form(client, manager, action):
    client.force_login(manager)
    due_on = action.due_on
    response = client.post(
        change_url(action), form_data(action, due_on=due_on + timedelta(days=300), title="x")
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.due_on == due_on


def test_deadline_before_start_is_a_form_error(client, manager, recommendation, today):
    client.force_login(manager)
    data = {
        "recommendation": recommendation.pk,
        "reference": "2a",
        "title": "Back to front",
        "owner": manager.pk,
        "start_on": today,
        "due_on": today - timedelta(days=1),
        "status": ActionStatus.NOT_STARTED,
    }
    response = client.post(reverse("admin:actions_action_add"), data)
    assert response.status_code == 200
    assert "The deadline cannot be before the start date." in response.text
    assert not Action.objects.filter(reference="2a").exists()


def test_moving_the_start_after_the_current_deadline_is_a_form_error(client, manager, action):
    client.force_login(manager)
    response = client.post(
        change_url(action), form_data(action, start_on=action.due_on + timedelta(days=1))
    )
    assert response.status_code == 200
    assert "The deadline cannot be before the start date." in response.text


def test_duplicate_action_reference_is_a_form_error(client, manager, action, today):
    client.force_login(manager)
    data = {
        "recommendation": action.recommendation_id,
        "reference": "1a",
        "title": "Twin",
        "owner": manager.pk,
        "due_on": today + timedelta(days=10),
        "status": ActionStatus.NOT_STARTED,
    }
    response = client.post(reverse("admin:actions_action_add"), data)
    assert response.status_code == 200
    assert "This recommendation already has an action with this reference." in response.text


def test_reopening_a_signed_off_action_is_a_form_error_not_a_500(client, manager, chair, action):
    complete_action(action=action, actor=manager, closing_statement="Done.")
    sign_off_action(action=action, actor=chair)
    action.refresh_from_db()
    client.force_login(manager)
    response = client.post(
        change_url(action), form_data(action, status=ActionStatus.IN_PROGRESS, completed_on="")
    )
    assert response.status_code == 200
    assert "A signed-off action cannot be reopened." in response.text
    action.refresh_from_db()
    assert action.status == ActionStatus.COMPLETE
    assert DomainEvent.objects.filter(type=EventType.ACTION_STATUS_CHANGED).count() == 1


def test_completing_without_a_date_completes_today(client, manager, action, today):
    client.force_login(manager)
    response = client.post(
        change_url(action),
        form_data(action, status=ActionStatus.COMPLETE, closing_statement="Recorded at intake."),
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.completed_on == today
    assert action.rag == "blue"
    assert action.completed_by == manager
    assert action.closing_statement == "Recorded at intake."


def test_completing_without_a_closing_statement_is_a_form_error(client, manager, action):
    client.force_login(manager)
    response = client.post(change_url(action), form_data(action, status=ActionStatus.COMPLETE))
    assert response.status_code == 200
    assert "Say what was done and its impact" in response.text
    action.refresh_from_db()
    assert not action.is_complete


def test_manager_adds_an_action_through_save_action(
    client, manager, plan_owner, recommendation, today
):
    client.force_login(manager)
    due_on = today + timedelta(days=60)
    data = {
        "recommendation": recommendation.pk,
        "reference": "1b",
        "title": "Train staff",
        "owner": plan_owner.pk,
        "due_on": due_on,
        "status": ActionStatus.NOT_STARTED,
    }
    response = client.post(reverse("admin:actions_action_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    action = Action.objects.get(reference="1b")
    assert action.original_due_on == due_on
    assert DomainEvent.objects.filter(type=EventType.ACTION_CREATED, subject_id=action.pk)


# Progress updates


def test_progress_is_recorded_through_the_inline_as_the_signed_in_user(client, plan_owner, action):
    client.force_login(plan_owner)
    data = form_data(action)
    for readonly in ("recommendation", "reference", "owner"):
        data.pop(readonly)
    data.update(
        progress_management(
            total=1,
            **{
                "progress_updates-0-narrative": "Recording started in two teams",
                "progress_updates-0-assessed_rag": "amber",
            },
        )
    )
    response = client.post(change_url(action), data)
    assert response.status_code == 302
    update = ProgressUpdate.objects.get(action=action)
    assert update.author == plan_owner
    action.refresh_from_db()
    assert action.rag == "amber"
    assert action.status == ActionStatus.IN_PROGRESS
    assert DomainEvent.objects.filter(type=EventType.PROGRESS_RECORDED, subject_id=action.pk)


def test_recorded_progress_updates_are_read_only(client, plan_owner, action):
    update = ProgressUpdateFactory(action=action, narrative="First steps taken")
    client.force_login(plan_owner)
    page = client.get(change_url(action))
    assert "First steps taken" in page.text
    assert "First steps taken</textarea>" not in page.text
    data = form_data(action)
    for readonly in ("recommendation", "reference", "owner"):
        data.pop(readonly)
    data.update(
        progress_management(
            total=1,
            initial=1,
            **{
                "progress_updates-0-id": update.pk,
                "progress_updates-0-action": action.pk,
                "progress_updates-0-narrative": "Rewritten history",
                "progress_updates-0-assessed_rag": "red",
            },
        )
    )
    client.post(change_url(action), data)
    update.refresh_from_db()
    assert update.narrative == "First steps taken"


def test_change_page_shows_the_actions_history(client, plan_owner, action):
    record_progress(action=action, author=plan_owner, narrative="Under way", assessed_rag="green")
    client.force_login(plan_owner)
    page = client.get(change_url(action))
    assert "Progress recorded" in page.text
    assert "Status changed" in page.text


# Deadline revisions


def revise(client, action, days, reason="Partner data sharing agreement delayed"):
    return client.post(
        reverse("admin:actions_action_revise_deadline", args=[action.pk]),
        {"due_on": action.due_on + timedelta(days=days), "reason": reason},
    )


def test_plan_owners_revision_waits_for_a_manager_who_approves_it(
    client, plan_owner, manager, action
):
    original = action.due_on
    client.force_login(plan_owner)
    assert revise(client, action, 30).status_code == 302
    action.refresh_from_db()
    assert action.due_on == original
    revision = action.deadline_revisions.get()
    assert revision.status == RevisionStatus.PENDING

    client.force_login(manager)
    url = reverse("admin:actions_action_revise_deadline", args=[action.pk])
    assert "Approve" in client.get(url).text
    approved = client.post(url, {"decision": "approve", "revision": revision.pk}, follow=True)
    assert "Deadline change approved." in approved.text
    action.refresh_from_db()
    assert action.due_on == original + timedelta(days=30)
    assert action.original_due_on == original
    page = client.get(change_url(action)).text
    assert "Partner data sharing agreement delayed" in page


def test_manager_rejects_a_revision_and_the_deadline_stays(client, plan_owner, manager, action):
    client.force_login(plan_owner)
    revise(client, action, 30)
    revision = action.deadline_revisions.get()
    client.force_login(manager)
    url = reverse("admin:actions_action_revise_deadline", args=[action.pk])
    rejected = client.post(url, {"decision": "reject", "revision": revision.pk}, follow=True)
    assert "Deadline change rejected." in rejected.text
    revision.refresh_from_db()
    assert revision.status == RevisionStatus.REJECTED


def test_plan_owner_cannot_approve_their_own_revision(client, plan_owner, action):
    client.force_login(plan_owner)
    revise(client, action, 30)
    revision = action.deadline_revisions.get()
    url = reverse("admin:actions_action_revise_deadline", args=[action.pk])
    assert client.post(url, {"decision": "approve", "revision": revision.pk}).status_code == 403


def test_deciding_a_revision_that_does_not_exist_is_a_404(client, manager, action):
    client.force_login(manager)
    url = reverse("admin:actions_action_revise_deadline", args=[action.pk])
    for revision in ("abc", "999"):
        response = client.post(url, {"decision": "approve", "revision": revision})
        assert response.status_code == 404


def test_managers_own_revision_is_approved_at_once(client, manager, action):
    client.force_login(manager)
    revise(client, action, 14)
    action.refresh_from_db()
    assert action.due_on == action.original_due_on + timedelta(days=14)


def test_a_revised_deadline_before_the_start_is_a_form_error(client, plan_owner, action):
    Action.objects.filter(pk=action.pk).update(start_on=action.due_on - timedelta(days=10))
    action.refresh_from_db()
    client.force_login(plan_owner)
    response = revise(client, action, -20)
    assert response.status_code == 200
    assert "The deadline cannot be before the start date." in response.text
    assert not action.deadline_revisions.exists()


def test_a_revision_without_a_reason_is_a_form_error(client, plan_owner, action):
    client.force_login(plan_owner)
    response = revise(client, action, 20, reason="   ")
    assert response.status_code == 200
    assert response.context["form"].errors["reason"]
    assert not action.deadline_revisions.exists()


def test_plan_owner_cannot_revise_another_owners_deadline(client, plan_owner, manager, action):
    theirs = ActionFactory(recommendation=action.recommendation, owner=manager)
    client.force_login(plan_owner)
    assert revise(client, theirs, 10).status_code == 403


def test_deadline_revision_admin_approves_selected_for_managers(
    client, plan_owner, manager, action
):
    client.force_login(plan_owner)
    revise(client, action, 30)
    revision = action.deadline_revisions.get()
    client.force_login(manager)
    response = client.post(
        reverse("admin:actions_deadlinerevision_changelist"),
        {"action": "approve_selected", "_selected_action": [revision.pk]},
    )
    assert response.status_code == 302
    revision.refresh_from_db()
    assert revision.status == RevisionStatus.APPROVED


# Board sign-off


def test_chair_signs_off_a_completed_action(client, chair, manager, action):
    complete_action(action=action, actor=manager, closing_statement="Done.")
    client.force_login(chair)
    page = client.get(change_url(action))
    assert "Sign off" in page.text
    response = client.post(reverse("admin:actions_action_sign_off", args=[action.pk]))
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.signed_off_by == chair


def test_an_ordinary_board_member_sees_no_sign_off(client, board_user, manager, action):
    complete_action(action=action, actor=manager, closing_statement="Done.")
    client.force_login(board_user)
    assert "Sign off" not in client.get(change_url(action)).text
    response = client.post(reverse("admin:actions_action_sign_off", args=[action.pk]))
    assert response.status_code == 403


def test_chair_signs_off_from_the_list(client, chair, manager, action):
    complete_action(action=action, actor=manager, closing_statement="Done.")
    client.force_login(chair)
    client.post(CHANGELIST, {"action": "sign_off_selected", "_selected_action": [action.pk]})
    action.refresh_from_db()
    assert action.is_signed_off


def test_signing_off_an_open_action_is_refused_with_a_message(client, chair, action):
    client.force_login(chair)
    response = client.post(reverse("admin:actions_action_sign_off", args=[action.pk]), follow=True)
    assert "Only a complete action can be signed off." in response.text
    action.refresh_from_db()
    assert not action.is_signed_off


def test_plan_owner_cannot_sign_off(client, plan_owner, manager, action):
    complete_action(action=action, actor=manager, closing_statement="Done.")
    client.force_login(plan_owner)
    response = client.post(reverse("admin:actions_action_sign_off", args=[action.pk]))
    assert response.status_code == 403


def test_board_member_cannot_edit_an_action(client, board_user, action):
    client.force_login(board_user)
    response = client.post(change_url(action), form_data(action, title="Board rewrite"))
    assert response.status_code == 403


@pytest.fixture
def county(db, manager, service):
    """The manager also manages five more services, each with a plan and people."""
    from tenancy.choices import ServiceRole
    from tests.factories import ServiceFactory, member

    services = [service, *ServiceFactory.create_batch(5)]
    for number, other in enumerate(services[1:]):
        member(other, ServiceRole.SERVICE_MANAGER, username=manager.username)
        owner = member(other, ServiceRole.PLAN_OWNER, username=f"county-owner-{number}")
        for n in range(3):
            ActionFactory(
                recommendation=RecommendationFactory(inspection__service=other, number=n + 1),
                owner=owner,
            )
    return services


def sidebar_titles(html: str) -> list[str]:
    import re

    return re.findall(r"<summary>\s*By ([^<]+?)\s*</summary>", html)


def test_a_county_manager_chooses_a_service_before_its_people_and_recommendations(
    client, manager, county
):
    client.force_login(manager)

    everything = client.get(CHANGELIST, {"mine": "false"}).text
    one = client.get(CHANGELIST, {"mine": "false", "service": county[1].pk}).text

    assert "owner" not in sidebar_titles(everything)
    assert "recommendation" not in sidebar_titles(everything)
    assert {"owner", "recommendation", "inspection"} <= set(sidebar_titles(one))
    from django.contrib.auth import get_user_model

    from actions.admin.display import person

    owners = get_user_model().objects.filter(username__startswith="county-owner-")
    named = {o.username: person(o) for o in owners}
    assert f">{named['county-owner-0']}<" in one
    assert f">{named['county-owner-1']}<" not in one


@pytest.mark.parametrize("who", ["manager", "superuser"])
def test_the_list_for_many_services_builds_one_filterset_in_constant_queries(
    request, client, county, who, django_assert_max_num_queries, monkeypatch
):
    from actions.filtersets import ActionFilterSet

    user = request.getfixturevalue(who) if who == "manager" else None
    if user is None:
        from tests.factories import UserFactory

        user = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(user)
    built = []
    original = ActionFilterSet.__init__

    def counting(self, *args, **kwargs):
        built.append(1)
        original(self, *args, **kwargs)

    monkeypatch.setattr(ActionFilterSet, "__init__", counting)
    with django_assert_max_num_queries(40) as few:
        client.get(CHANGELIST, {"mine": "false"})
    assert len(built) == 1
    for other in county[1:]:
        for n in range(10):
            ActionFactory(
                recommendation=RecommendationFactory(inspection__service=other, number=50 + n)
            )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(CHANGELIST, {"mine": "false"})


def test_an_actions_form_offers_only_its_own_services_choices(client, manager, county):
    action = ActionFactory(recommendation=RecommendationFactory(inspection__service=county[0]))
    client.force_login(manager)

    form = client.get(change_url(action)).context["adminform"].form

    services = {r.inspection.service_id for r in form.fields["recommendation"].queryset}
    assert services == {county[0].pk}
    owners = form.fields["owner"].queryset
    assert not owners.filter(username__startswith="county-owner-").exists()
