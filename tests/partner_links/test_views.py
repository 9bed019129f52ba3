"""The link page: it opens the one action it names, records the update once in the contact's
name, and refuses a second use, expiry, withdrawal and any altered token, showing nothing of
any other action or service."""

import pytest
from django.core import signing
from django.utils import timezone

from actions.models import ProgressUpdate
from events.catalogue import EventType
from events.models import DomainEvent
from partner_links.models import UpdateLink
from partner_links.operations import link_path, revoke_update_links, send_update_link
from partner_links.tokens import SALT
from tenancy.models import ServiceMembership
from tests.partner_links.conftest import days

pytestmark = pytest.mark.django_db

UPDATE = {
    "narrative": "Protocol drafted with Kent Police; sign-off due in January.",
    "assessed_rag": "red",
}


def test_the_link_opens_its_one_action_and_nothing_of_another(client, url, action, other_action):
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Agree a data-sharing protocol with the police" in html
    assert "Medway Youth Justice Service" in html
    assert "Priya Shah" in html
    for other in (
        "Blackpool",
        "Secret Blackpool remand review",
        "7c",
        other_action.recommendation.text,
    ):
        assert other not in html


def test_the_update_is_recorded_in_the_contacts_name_and_moves_the_rag(client, url, link, action):
    assert action.rag == "green"
    response = client.post(url, UPDATE)
    assert response.status_code == 302
    assert response["Location"] == f"{url}thanks/"
    update = ProgressUpdate.objects.get(action=action)
    assert (update.author, update.contributor_name, update.written_by) == (
        None,
        "Priya Shah",
        "Priya Shah",
    )
    assert update.assessed_rag == "red"
    action.refresh_from_db()
    assert action.rag == "red"
    link.refresh_from_db()
    assert link.used_at == timezone.now() and link.progress_update == update
    event = DomainEvent.objects.get(type=EventType.PROGRESS_RECORDED, subject_id=action.pk)
    assert (event.actor, event.data["contributor_name"]) == (None, "Priya Shah")
    thanks = client.get(response["Location"])
    assert thanks.status_code == 200
    assert "Update recorded" in thanks.content.decode()


def test_a_used_link_refuses_a_second_update(client, url, action):
    client.post(url, UPDATE)
    again = client.post(url, {**UPDATE, "narrative": "A second go."})
    assert again.status_code == 410
    assert "This link has already been used" in again.content.decode()
    assert "Agree a data-sharing protocol" not in again.content.decode()
    assert client.get(url).status_code == 410
    assert ProgressUpdate.objects.filter(action=action).count() == 1


def test_an_expired_link_refuses_to_open_or_record(client, url, action, time_machine):
    time_machine.shift(days(14))
    page = client.get(url)
    assert page.status_code == 410
    assert "This link has expired" in page.content.decode()
    assert client.post(url, UPDATE).status_code == 410
    assert not ProgressUpdate.objects.filter(action=action).exists()


def test_a_link_works_until_the_moment_it_expires(client, url, time_machine):
    time_machine.shift(days(14) - days(1) / 24)
    assert client.get(url).status_code == 200


def test_a_withdrawn_link_refuses(client, url, link):
    revoke_update_links(UpdateLink.objects.filter(pk=link.pk), now=timezone.now())
    page = client.get(url)
    assert page.status_code == 410
    assert "This link has been withdrawn" in page.content.decode()


def test_a_token_altered_to_name_another_action_opens_nothing(client, link, other_action):
    # Signed by someone without our secret: the signature fails.
    forged = signing.dumps({"link": link.pk, "action": other_action.pk}, salt=SALT, key="guess")
    # Ours, but naming a link with another action: no such row.
    mismatched = signing.dumps({"link": link.pk, "action": other_action.pk}, salt=SALT)
    for token in (forged, mismatched, "nonsense", f"{link.pk}"):
        page = client.get(f"/update/{token}/")
        assert page.status_code == 404
        html = page.content.decode()
        assert "This link does not work" in html
        assert "Secret Blackpool" not in html and "data-sharing" not in html
        assert client.post(f"/update/{token}/", UPDATE).status_code == 404
    assert not ProgressUpdate.objects.exists()


def test_a_form_error_is_shown_beside_the_field_and_in_the_summary(client, url, link):
    page = client.post(url, {"narrative": "  ", "assessed_rag": ""})
    assert page.status_code == 200
    html = page.content.decode()
    assert "There is a problem" in html
    assert html.count("Describe the progress made.") == 2
    assert html.count("Choose Red, Amber or Green.") == 2
    link.refresh_from_db()
    assert link.used_at is None


def test_the_page_reads_a_constant_few_queries(client, url, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        assert client.get(url).status_code == 200


def test_the_page_is_not_cached_and_its_address_is_not_sent_to_other_sites(client, url):
    page = client.get(url)
    assert "no-store" in page["Cache-Control"]
    assert page["Referrer-Policy"] in ("same-origin", "no-referrer")


def test_an_owner_s_link_stops_working_when_they_no_longer_own_the_action(
    client, action, manager, plan_owner, service
):
    link = send_update_link(
        action=action,
        contact_name="Owner",
        contact_email=plan_owner.email,
        contact=plan_owner,
        sent_by=manager,
        now=timezone.now(),
    )
    ServiceMembership.objects.filter(user=plan_owner, service=service).delete()
    page = client.post(link_path(link), UPDATE)
    assert page.status_code == 403
    assert "This link no longer works" in page.content.decode()
    assert not ProgressUpdate.objects.exists()
