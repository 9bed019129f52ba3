"""``/actions/<id>/``: what was agreed, the update form, the deadline request and the history."""

from datetime import timedelta

import pytest
from django.utils import timezone

from actions.models import Action, ProgressUpdate
from actions.operations.actions import send_back_action
from actions.operations.progress import record_progress
from actions.operations.revisions import approve_deadline_revision, request_deadline_revision
from pages.display import moment
from tests.factories import make_action
from tests.pages.conftest import fresh

pytestmark = pytest.mark.django_db


def day_month_year(day):
    return {"due_on_0": str(day.day), "due_on_1": str(day.month), "due_on_2": str(day.year)}


def url(action):
    return f"/actions/{action.pk}/"


def test_anonymous_visitor_is_sent_to_sign_in(client, worklist):
    response = client.get(url(worklist.on_track))

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/?next=")


def test_page_shows_what_was_agreed(client, worklist, plan_owner):
    client.force_login(plan_owner)

    html = client.get(url(worklist.overdue)).content.decode()

    agreed = html.split('id="agreed"', 1)[1].split("</dl>", 1)[0]
    assert worklist.recommendation.text in agreed
    assert "Action 1d" in agreed
    assert plan_owner.get_full_name() in agreed
    assert "Kent Police" in agreed
    assert '<span class="pages-reason">12 days overdue</span>' in html


def test_another_services_action_is_not_found(client, worklist, other_owner):
    client.force_login(other_owner)

    assert client.get(url(worklist.on_track)).status_code == 404
    posted = client.post(
        url(worklist.on_track), {"narrative": "x", "assessed_rag": "red", "record_progress": ""}
    )
    assert posted.status_code == 404
    assert not ProgressUpdate.objects.filter(author=other_owner).exists()


def test_owner_records_an_update_and_is_sent_back_to_see_it(client, worklist, plan_owner):
    client.force_login(plan_owner)

    response = client.post(
        url(worklist.due_soon),
        {"narrative": "Two posts filled.", "assessed_rag": "red", "record_progress": ""},
        follow=True,
    )

    assert response.redirect_chain == [(url(worklist.due_soon), 302)]
    html = response.content.decode()
    assert "Your update has been recorded." in html
    assert '<span class="pages-reason">Latest update assessed Red</span>' in html
    timeline = html.split('id="timeline"', 1)[1]
    assert timeline.index("RAG Amber → Red") < timeline.index("Progress recorded, assessed Red")
    assert "Two posts filled." in timeline
    assert fresh(worklist.due_soon).rag == "red"


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"assessed_rag": "green"}, "id_narrative", "Describe the progress made."),
        ({"narrative": "Done a bit."}, "id_assessed_rag_0", "Choose Red, Amber or Green."),
        ({"narrative": "x", "assessed_rag": "blue"}, "id_assessed_rag_0", "Select a valid choice."),
    ],
)
def test_field_errors_show_beside_the_field_and_in_the_summary(
    client, worklist, plan_owner, data, field, message
):
    client.force_login(plan_owner)

    response = client.post(url(worklist.on_track), {**data, "record_progress": ""})

    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in html
    assert f'<li><a href="#{field}">{message}' in html
    assert 'class="govuk-error-message"' in html
    assert ProgressUpdate.objects.filter(action=worklist.on_track).count() == 1


def test_owner_asks_to_move_the_deadline_and_the_request_waits(client, worklist, plan_owner, today):
    client.force_login(plan_owner)
    new = today + timedelta(days=60)

    response = client.post(
        url(worklist.due_soon),
        {**day_month_year(new), "reason": "Staff vacancy", "request_deadline": ""},
        follow=True,
    )

    html = response.content.decode()
    assert "sent to the service&#x27;s managers" in html
    assert f"to move the deadline to {new:%-d %B %Y}" in html
    assert fresh(worklist.due_soon).due_on == worklist.due_soon.due_on


def test_a_deadline_request_breaking_a_rule_shows_the_rule_beside_the_field(
    client, worklist, plan_owner
):
    client.force_login(plan_owner)

    response = client.post(
        url(worklist.due_soon),
        {**day_month_year(worklist.due_soon.due_on), "reason": "x", "request_deadline": ""},
    )

    html = response.content.decode()
    assert '<li><a href="#id_due_on_0">The new deadline is the same as the current one.' in html
    typed = worklist.due_soon.due_on.day
    assert f'name="due_on_0" type="text" inputmode="numeric" value="{typed}"' in html


def test_board_member_may_read_but_not_write(client, worklist, board_user):
    client.force_login(board_user)

    html = client.get(url(worklist.on_track)).content.decode()
    assert 'id="progress-form"' not in html
    posted = client.post(
        url(worklist.on_track), {"narrative": "x", "assessed_rag": "red", "record_progress": ""}
    )
    assert posted.status_code == 403


def test_timeline_reads_in_plain_words_newest_first(client, worklist, plan_owner, manager, today):
    action = worklist.due_soon
    new = today + timedelta(days=60)
    revision = request_deadline_revision(
        action=action, requested_by=plan_owner, due_on=new, reason="staff vacancy"
    )
    approve_deadline_revision(revision=revision, decided_by=manager)
    client.force_login(plan_owner)

    html = client.get(url(action)).content.decode()

    timeline = html.split('id="timeline"', 1)[1]
    old = action.due_on
    moved = f"Deadline moved from {old:%-d %B %Y} to {new:%-d %B %Y}"
    assert moved in timeline
    assert "staff vacancy" in timeline.split(moved, 1)[1].split("moj-timeline__item", 1)[0]
    assert timeline.index("RAG Amber → Green") < timeline.index(moved)
    assert timeline.index(moved) < timeline.index("Action agreed")
    assert f"by {manager.get_full_name()}" in timeline
    assert manager.username not in timeline


# Queries of the action page, whatever the length of its history (7 when measured).
ACTION_PAGE_CEILING = 9


def test_action_page_takes_a_constant_number_of_queries(
    client, worklist, plan_owner, django_assert_max_num_queries
):
    action = worklist.on_track
    for n in range(20):
        record_progress(action=action, author=plan_owner, narrative=f"n{n}", assessed_rag="amber")
    make_action(worklist.recommendation, owner=plan_owner, reference="9z")
    client.force_login(plan_owner)

    with django_assert_max_num_queries(ACTION_PAGE_CEILING):
        assert client.get(url(action)).status_code == 200
    assert Action.objects.count() == 6


def test_a_backdated_update_is_shown_on_the_day_it_was_recorded_for(
    client, worklist, plan_owner, today
):
    recorded_at = timezone.now() - timedelta(days=3)
    record_progress(
        action=worklist.stale,
        author=plan_owner,
        narrative="Written up late.",
        assessed_rag="green",
        recorded_at=recorded_at,
    )
    client.force_login(plan_owner)

    html = client.get(url(worklist.stale)).content.decode()

    timeline = html.split('id="timeline"', 1)[1]
    entry = timeline.split("Progress recorded, assessed Green", 1)[1].split("</time>", 1)[0]
    assert moment(recorded_at) in entry


def test_owner_marks_complete_with_a_closing_statement(client, worklist, plan_owner):
    client.force_login(plan_owner)
    action = worklist.on_track

    missing = client.post(url(action), {"closing_statement": " ", "complete": ""})
    done = client.post(
        url(action),
        {"closing_statement": "Every plan audited; 95% good.", "complete": ""},
        follow=True,
    )

    assert missing.status_code == 200
    assert "Say what was done and its impact." in missing.content.decode()
    html = done.content.decode()
    assert done.redirect_chain == [(url(action), 302)]
    assert "The action is marked complete." in html
    assert "Every plan audited; 95% good." in html.split('id="closing-statement"', 1)[1]
    assert 'id="complete-form"' not in html  # nothing left to complete
    fresh_action = fresh(action)
    assert fresh_action.is_complete and fresh_action.completed_by == plan_owner


def test_a_board_member_sees_no_complete_form(client, worklist, board_user):
    client.force_login(board_user)

    html = client.get(url(worklist.on_track)).content.decode()

    assert 'id="complete-form"' not in html
    assert (
        client.post(url(worklist.on_track), {"closing_statement": "x", "complete": ""}).status_code
        == 403
    )


def test_a_sent_back_action_shows_the_boards_comment(client, worklist, plan_owner, chair):
    send_back_action(action=worklist.completed, actor=chair, comment="Show the audit figures.")
    client.force_login(plan_owner)

    html = client.get(url(worklist.completed)).content.decode()

    banner = html.split('id="sent-back"', 1)[1].split("</div>\n</div>", 1)[0]
    assert "Show the audit figures." in banner
    assert chair.get_full_name() in banner
    timeline = html.split('id="timeline"', 1)[1]
    assert "Sent back by the board" in timeline
    assert timeline.index("Sent back by the board") < timeline.index("Marked complete")
    assert 'id="complete-form"' in html  # the owner can complete it again


def test_the_first_rag_reads_as_an_assessment_not_a_change(client, worklist, plan_owner):
    client.force_login(plan_owner)

    timeline = client.get(url(worklist.overdue)).content.decode().split('id="timeline"', 1)[1]

    assert "Assessed Red when agreed" in timeline
    assert "RAG Green → Red" not in timeline
