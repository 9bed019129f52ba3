"""The inspection admin: ratings, computed score, roll-up, recommendations and set-up pages."""

import re
from datetime import date, timedelta

import pytest
from django.contrib import admin as django_admin
from django.urls import reverse

from actions.choices import ActionStatus
from events.catalogue import EventType
from events.models import DomainEvent
from inspections.models import Inspection, RatingLevel, Recommendation, Standard
from tenancy.choices import ServiceRole
from tenancy.models import Board, BoardMember, YouthJusticeService
from tests.factories import (
    ActionFactory,
    AgencyFactory,
    InspectionFactory,
    RecommendationFactory,
    member,
)

# Frozen on TODAY: the code under test reads the clock itself.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("today")]

MEDWAY_2020 = {
    **dict.fromkeys(["1.1", "1.3", "2.1", "2.2", "2.3", "3.1", "3.3"], "good"),
    **dict.fromkeys(["1.2", "1.4", "2.4", "3.2"], "requires_improvement"),
    "3.4": "inadequate",
}


def change_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def post_data(page) -> dict:
    """The POST a browser would send back for an admin change page, unchanged."""
    data = {}
    form = page.context["adminform"].form
    for name in form.fields:
        data[form.add_prefix(name)] = _value(form[name].value())
    for inline in page.context["inline_admin_formsets"]:
        formset = inline.formset
        for key, value in formset.management_form.initial.items():
            data[f"{formset.prefix}-{key}"] = value
        for row in formset.forms:
            for name in row.fields:
                data[row.add_prefix(name)] = _value(row[name].value())
    return data


def _value(value):
    return "" if value is None else value


def rating_rows(page) -> dict[str, str]:
    """Standard code → the POST key of its rating field on the inspection page."""
    formset = page.context["inline_admin_formsets"][0].formset
    codes = dict(Standard.objects.values_list("pk", "code"))
    return {codes[int(row["standard"].value())]: row.add_prefix("rating") for row in formset.forms}


def rate(client, inspection, ratings, **changes):
    page = client.get(change_url(inspection))
    data = post_data(page)
    rows = rating_rows(page)
    for code, rating in ratings.items():
        data[rows[code]] = rating
    data.update(changes)
    return client.post(change_url(inspection), data)


@pytest.fixture
def inspection(service):
    return InspectionFactory(service=service, title="Medway 2020")


@pytest.fixture
def foreign_inspection(other_service):
    return InspectionFactory(service=other_service, title="Blackpool 2021")


# Standard ratings, score and overall rating


def test_ratings_entered_on_the_page_give_hmips_score_and_rating(client, manager, inspection):
    client.force_login(manager)
    response = rate(client, inspection, MEDWAY_2020)
    assert response.status_code == 302
    page = client.get(change_url(inspection)).text
    assert "Score <strong>18</strong> of 36" in page
    assert "Overall rating: <strong>Requires improvement</strong>" in page
    assert DomainEvent.objects.filter(
        type=EventType.INSPECTION_RATINGS_CHANGED, subject_id=inspection.pk
    ).exists()


def test_every_standard_of_the_framework_is_offered_for_rating(client, manager, inspection):
    client.force_login(manager)
    rows = rating_rows(client.get(change_url(inspection)))
    assert sorted(rows) == sorted(MEDWAY_2020)


def test_the_reason_is_shown_when_there_is_no_score(client, manager, inspection):
    client.force_login(manager)
    rate(client, inspection, {**MEDWAY_2020, "2.4": "not_rated"})
    page = client.get(change_url(inspection)).text
    assert "No computed score" in page
    assert "2.4" in page


def test_a_published_score_that_differs_is_flagged(client, manager, inspection):
    client.force_login(manager)
    rate(client, inspection, MEDWAY_2020, published_score=19)
    page = client.get(change_url(inspection)).text
    assert "Published score 19 differs from computed 18." in page


def test_a_rating_not_on_the_frameworks_scale_is_a_form_error(client, manager, inspection):
    RatingLevel.objects.filter(framework=inspection.framework, rating="outstanding").delete()
    client.force_login(manager)
    response = rate(client, inspection, {**MEDWAY_2020, "1.1": "outstanding"})
    assert response.status_code == 200
    assert "This rating is not on the framework&#x27;s scale." in response.text
    assert not inspection.standard_ratings.exists()


def test_a_standard_of_another_framework_is_a_form_error(client, manager, inspection):
    client.force_login(manager)
    page = client.get(change_url(inspection))
    data = post_data(page)
    resettlement = Standard.objects.get(domain__framework__code="2021", code="4.1")
    prefix = page.context["inline_admin_formsets"][0].formset.forms[0].prefix
    data.update({f"{prefix}-standard": resettlement.pk, f"{prefix}-rating": "good"})
    response = client.post(change_url(inspection), data)
    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    assert not inspection.standard_ratings.exists()


def test_fieldwork_ending_before_it_starts_is_a_form_error(client, manager, service):
    client.force_login(manager)
    data = {
        "service": service.pk,
        "framework": InspectionFactory.build().framework.pk,
        "kind": "single",
        "fieldwork_start_on": date(2020, 3, 2),
        "fieldwork_end_on": date(2020, 2, 28),
    }
    response = client.post(reverse("admin:inspections_inspection_add"), data)
    assert response.status_code == 200
    assert "Fieldwork cannot end before it starts." in response.text


def test_manager_records_an_inspection_through_save_inspection(client, manager, service):
    client.force_login(manager)
    data = {
        "service": service.pk,
        "framework": InspectionFactory.build().framework.pk,
        "kind": "single",
        "title": "Medway 2020",
        "fieldwork_start_on": date(2020, 2, 24),
        "fieldwork_end_on": date(2020, 2, 28),
        "published_on": date(2020, 6, 12),
    }
    response = client.post(reverse("admin:inspections_inspection_add"), data)
    assert response.status_code == 302
    inspection = Inspection.objects.get(title="Medway 2020")
    types = set(DomainEvent.objects.filter(subject_id=inspection.pk).values_list("type", flat=True))
    assert {EventType.INSPECTION_CREATED, EventType.INSPECTION_PUBLISHED} <= types


def test_inspection_choices_offer_only_the_services_a_user_manages(client, manager, other_service):
    client.force_login(manager)
    page = client.get(reverse("admin:inspections_inspection_add"))
    services = page.context["adminform"].form.fields["service"].queryset
    assert other_service not in services


def test_plan_owner_reads_but_cannot_change_an_inspection(client, plan_owner, inspection):
    client.force_login(plan_owner)
    assert client.get(change_url(inspection)).status_code == 200
    assert client.post(change_url(inspection), {"title": "x"}).status_code == 403
    assert client.get(reverse("admin:inspections_inspection_add")).status_code == 403


# The recommendation list with its roll-up


def test_recommendations_are_listed_with_rolled_up_rag_and_counts(
    client, manager, inspection, today
):
    first = RecommendationFactory(inspection=inspection, number=1, text="Improve governance")
    ActionFactory(recommendation=first, rag="red", due_on=today - timedelta(days=3))
    ActionFactory(recommendation=first, rag="green")
    RecommendationFactory(inspection=inspection, number=2, text="Train the board")
    client.force_login(manager)
    page = client.get(change_url(inspection)).text
    assert "Improve governance" in page
    assert '<span class="rag-badge rag-red">Red</span>' in page
    assert '<span class="rag-badge rag-unplanned">Unplanned</span>' in page
    assert "<td>1</td><td>0</td><td>1</td><td>0</td><td>1</td><td>0%</td>" in page


def test_the_inspection_page_does_not_query_per_recommendation(
    client, manager, inspection, django_assert_max_num_queries
):
    for number in (1, 2):
        ActionFactory(recommendation=RecommendationFactory(inspection=inspection, number=number))
    client.force_login(manager)
    with django_assert_max_num_queries(60) as few:
        client.get(change_url(inspection))
    for number in range(3, 23):
        ActionFactory(recommendation=RecommendationFactory(inspection=inspection, number=number))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(change_url(inspection))


# Isolation


def test_inspection_lists_and_search_show_only_the_users_service(
    client, plan_owner, inspection, foreign_inspection
):
    client.force_login(plan_owner)
    listing = client.get(reverse("admin:inspections_inspection_changelist"))
    assert "Medway 2020" in listing.text
    assert "Blackpool" not in listing.text
    search = client.get(reverse("admin:inspections_inspection_changelist"), {"q": "Blackpool"})
    assert list(search.context["cl"].result_list) == []


def test_another_services_inspection_is_treated_as_missing(client, plan_owner, foreign_inspection):
    client.force_login(plan_owner)
    response = client.get(change_url(foreign_inspection))
    assert response.status_code == 302
    assert response.url == reverse("admin:index")


def test_another_services_recommendation_is_treated_as_missing(
    client, plan_owner, foreign_inspection
):
    foreign = RecommendationFactory(inspection=foreign_inspection)
    client.force_login(plan_owner)
    assert client.get(change_url(foreign)).status_code == 302
    listing = client.get(reverse("admin:inspections_recommendation_changelist"))
    assert foreign.text not in listing.text


def test_agency_autocomplete_for_recommendations_is_scoped(client, manager, service, other_service):
    AgencyFactory(service=service, name="Medway Council Education")
    AgencyFactory(service=other_service, name="Blackpool Council Education")
    client.force_login(manager)
    response = client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "inspections",
            "model_name": "recommendation",
            "field_name": "addressee_agency",
            "term": "Education",
        },
    )
    assert [r["text"] for r in response.json()["results"]] == ["Medway Council Education"]


# Recommendations


def recommendation_data(inspection, **changes):
    return {
        "inspection": inspection.pk,
        "number": 1,
        "text": "Strengthen the management board's oversight.",
        "addressee": "management_board",
        "addressee_agency": "",
        "actions-TOTAL_FORMS": 0,
        "actions-INITIAL_FORMS": 0,
        "actions-MIN_NUM_FORMS": 0,
        "actions-MAX_NUM_FORMS": 1000,
        **changes,
    }


def test_manager_adds_a_recommendation_through_save_recommendation(client, manager, inspection):
    governance = Standard.objects.get(domain__framework=inspection.framework, code="1.1")
    client.force_login(manager)
    response = client.post(
        reverse("admin:inspections_recommendation_add"),
        recommendation_data(inspection, standards=[governance.pk]),
    )
    assert response.status_code == 302
    recommendation = Recommendation.objects.get(inspection=inspection, number=1)
    assert list(recommendation.standards.all()) == [governance]
    assert DomainEvent.objects.filter(
        type=EventType.RECOMMENDATION_ADDED, subject_id=recommendation.pk
    ).exists()


def test_duplicate_recommendation_number_is_a_form_error(client, manager, inspection):
    RecommendationFactory(inspection=inspection, number=1)
    client.force_login(manager)
    response = client.post(
        reverse("admin:inspections_recommendation_add"), recommendation_data(inspection)
    )
    assert response.status_code == 200
    assert "This inspection already has a recommendation with this number." in response.text


def test_recommendation_standards_are_those_of_the_inspections_framework(
    client, manager, inspection
):
    resettlement = Standard.objects.get(domain__framework__code="2021", code="4.1")
    client.force_login(manager)
    url = reverse("admin:inspections_recommendation_add") + f"?inspection={inspection.pk}"
    offered = client.get(url).context["adminform"].form.fields["standards"].queryset
    assert resettlement not in offered
    response = client.post(
        reverse("admin:inspections_recommendation_add"),
        recommendation_data(inspection, standards=[resettlement.pk]),
    )
    assert response.status_code == 200
    assert "4.1" in response.text
    assert response.context["adminform"].form.errors["standards"] == [
        "Not standards of the inspection's framework: 4.1."
    ]
    assert not Recommendation.objects.exists()


def test_recommendation_page_lists_its_actions_with_rag(client, plan_owner, inspection):
    recommendation = RecommendationFactory(inspection=inspection)
    ActionFactory(recommendation=recommendation, title="Audit case files", rag="amber")
    client.force_login(plan_owner)
    page = client.get(change_url(recommendation)).text
    assert "Audit case files" in page
    assert '<span class="rag-badge rag-amber">Amber</span>' in page


# Services, frameworks, boards, memberships


def test_manager_changes_their_services_rag_thresholds(client, manager, service, inspection, today):
    action = ActionFactory(
        recommendation=RecommendationFactory(inspection=inspection),
        due_on=today + timedelta(days=40),
        rag="green",
    )
    client.force_login(manager)
    page = client.get(change_url(service))
    data = post_data(page)
    data["rag_due_soon_days"] = 60
    assert client.post(change_url(service), data).status_code == 302
    service.refresh_from_db()
    assert service.rag_due_soon_days == 60
    action.refresh_from_db()
    assert action.rag == "amber"


def test_only_managers_change_service_settings(client, plan_owner, board_user, service):
    for user, reads in ((plan_owner, 403), (board_user, 200)):
        client.force_login(user)
        assert client.get(change_url(service)).status_code == reads
        assert client.post(change_url(service), {"rag_due_soon_days": 1}).status_code == 403
    service.refresh_from_db()
    assert service.rag_due_soon_days == 30


def test_a_manager_cannot_open_another_services_settings(client, manager, other_service):
    client.force_login(manager)
    assert client.get(change_url(other_service)).status_code == 302
    listing = client.get(reverse("admin:tenancy_youthjusticeservice_changelist"))
    assert other_service.name not in listing.text


def test_manager_of_one_service_reads_only_another_where_they_are_board_member(
    client, manager, other_service
):
    member(other_service, ServiceRole.BOARD_MEMBER, username=manager.username)
    client.force_login(manager)
    assert client.get(change_url(other_service)).status_code == 200
    assert client.post(change_url(other_service), {"rag_due_soon_days": 1}).status_code == 403


def test_frameworks_are_read_only_except_for_superusers(client, manager, admin_user):
    framework = InspectionFactory.build().framework
    client.force_login(manager)
    page = client.get(change_url(framework))
    assert page.status_code == 200
    assert 'name="_save"' not in page.text
    assert client.post(change_url(framework), {"name": "Renamed"}).status_code == 403
    client.force_login(admin_user)
    assert 'name="_save"' in client.get(change_url(framework)).text


def test_service_memberships_are_managed_by_superusers_only(client, manager, admin_user):
    url = reverse("admin:tenancy_servicemembership_changelist")
    client.force_login(manager)
    assert client.get(url).status_code == 403
    client.force_login(admin_user)
    assert client.get(url).status_code == 200


def test_board_members_are_chosen_from_the_managers_service(
    client, manager, board, plan_owner, other_owner
):
    client.force_login(manager)
    page = client.get(change_url(board))
    formset = page.context["inline_admin_formsets"][0].formset
    users = formset.empty_form.fields["user"].queryset
    assert plan_owner in users
    assert other_owner not in users


def test_another_services_board_is_treated_as_missing(client, manager, other_service):
    foreign_board = Board.objects.create(service=other_service)
    client.force_login(manager)
    assert client.get(change_url(foreign_board)).status_code == 302


def test_superuser_sees_every_service(client, admin_user, service, other_service):
    client.force_login(admin_user)
    listing = client.get(reverse("admin:tenancy_youthjusticeservice_changelist"))
    assert set(listing.context["cl"].result_list) == set(YouthJusticeService.objects.all())


def test_completed_actions_count_towards_percent_complete(client, manager, inspection, today):
    recommendation = RecommendationFactory(inspection=inspection)
    ActionFactory(
        recommendation=recommendation,
        rag="blue",
        status=ActionStatus.COMPLETE,
        completed_on=today,
    )
    ActionFactory(recommendation=recommendation, rag="green")
    client.force_login(manager)
    page = client.get(change_url(inspection)).text
    assert "<td>0</td><td>0</td><td>1</td><td>1</td><td>0</td><td>50%</td>" in page


def test_manager_adds_actions_from_the_recommendation_page(client, manager, inspection):
    recommendation = RecommendationFactory(inspection=inspection)
    client.force_login(manager)
    page = client.get(change_url(recommendation)).text
    add_url = reverse("admin:actions_action_add") + f"?recommendation={recommendation.pk}"
    assert add_url in page
    form = client.get(add_url).context["adminform"].form
    assert form.initial["recommendation"] == str(recommendation.pk)


def test_a_second_board_chair_is_a_form_error(client, manager, board, plan_owner):
    BoardMember.objects.create(board=board, user=manager, role="chair")
    client.force_login(manager)
    page = client.get(change_url(board))
    data = post_data(page)
    data.update(
        {
            "members-TOTAL_FORMS": 2,
            "members-1-user": plan_owner.pk,
            "members-1-role": "chair",
            "members-1-digest_choice": "board_schedule",
        }
    )
    response = client.post(change_url(board), data)
    assert response.status_code == 200
    assert "This board already has a chair." in response.text
    assert board.members.count() == 1


def test_two_chairs_added_at_once_are_refused_without_a_500(client, manager, board, plan_owner):
    client.force_login(manager)
    data = post_data(client.get(change_url(board)))
    data["members-TOTAL_FORMS"] = 2
    for index, user in enumerate((manager, plan_owner)):
        data.update(
            {
                f"members-{index}-user": user.pk,
                f"members-{index}-role": "chair",
                f"members-{index}-digest_choice": "board_schedule",
            }
        )
    response = client.post(change_url(board), data)
    assert response.status_code == 200
    assert "nothing was saved" in response.text
    assert not board.members.exists()


def test_the_event_log_filter_never_names_another_service(client, manager, other_service):
    client.force_login(manager)
    response = client.get(reverse("admin:events_domainevent_changelist"))
    assert response.status_code == 200
    assert other_service.name not in response.text


@pytest.mark.parametrize("role", ["plan_owner", "manager", "board_user"])
def test_no_admin_page_of_any_model_names_another_service(
    client, request, role, inspection, foreign_inspection
):
    foreign = RecommendationFactory(inspection=foreign_inspection, text="Blackpool recommendation")
    ActionFactory(recommendation=foreign, title="Blackpool action")
    AgencyFactory(service=foreign_inspection.service, name="Blackpool agency")
    Board.objects.create(service=foreign_inspection.service, name="Blackpool board")
    client.force_login(request.getfixturevalue(role))
    for model in django_admin.site._registry:
        for view in ("changelist", "add"):
            url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}")
            response = client.get(url)
            assert response.status_code in (200, 403), url
            assert "Blackpool" not in response.text, url


def test_only_managers_are_offered_to_add_a_recommendation(client, manager, board_user, inspection):
    add_url = reverse("admin:inspections_recommendation_add") + f"?inspection={inspection.pk}"
    client.force_login(manager)
    assert add_url in client.get(change_url(inspection)).text
    client.force_login(board_user)
    assert add_url not in client.get(change_url(inspection)).text


ADMIN_HOME_SECTIONS = {
    # What each role's admin home lists (model names), and what it must not.
    "plan_owner": (
        {"Actions", "Inspections"},
        {"Domain events", "Frameworks", "Local authorities"},
    ),
    "board_user": ({"Actions", "Boards"}, {"Domain events", "Frameworks", "Deliveries"}),
    "manager": ({"Actions", "Domain events", "Frameworks", "Deliveries"}, set()),
}


@pytest.mark.parametrize("who", list(ADMIN_HOME_SECTIONS))
def test_the_admin_home_shows_what_the_role_uses(request, client, who):
    client.force_login(request.getfixturevalue(who))
    shows, hides = ADMIN_HOME_SECTIONS[who]

    html = client.get(reverse("admin:index")).text

    listed = set(re.findall(r'<th scope="row"[^>]*>\s*<a href="[^"]+"[^>]*>([^<]+)</a>', html))
    assert shows <= listed, listed
    assert not hides & listed, listed


@pytest.mark.parametrize(
    "typed, saved",
    [("14, 3, 0", [14, 3, 0]), ("7", [7]), ("", []), ("[28, 7]", [28, 7]), ("10; 2", [10, 2])],
)
def test_reminder_days_are_typed_as_numbers(client, manager, service, typed, saved):
    client.force_login(manager)
    page = client.get(change_url(service))
    assert 'value="14, 3, 0"' in page.text
    data = {**post_data(page), "reminder_days_before": typed}

    assert client.post(change_url(service), data).status_code == 302
    service.refresh_from_db()
    assert service.reminder_days_before == saved


@pytest.mark.parametrize(
    "typed, message",
    [
        ("fourteen", "Enter whole numbers of days separated by commas"),
        ("3, 3", "Each day may appear only once."),
        ("400", "between 0 and 365"),
    ],
)
def test_unreadable_reminder_days_are_a_form_error(client, manager, service, typed, message):
    client.force_login(manager)
    data = {**post_data(client.get(change_url(service))), "reminder_days_before": typed}

    response = client.post(change_url(service), data)

    assert response.status_code == 200
    assert message in response.text
    service.refresh_from_db()
    assert service.reminder_days_before == [14, 3, 0]


def test_the_owner_choice_names_people_with_their_roles(client, manager, plan_owner, inspection):
    action = ActionFactory(
        recommendation=RecommendationFactory(inspection=inspection), owner=plan_owner
    )
    client.force_login(manager)

    form = client.get(change_url(action)).context["adminform"].form
    labels = dict(form.fields["owner"].choices)

    assert labels[plan_owner.pk] == (
        f"{plan_owner.get_full_name()}: plan owner ({plan_owner.email})"
    )
    assert not labels[plan_owner.pk].startswith(plan_owner.username)
