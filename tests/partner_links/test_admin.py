"""The back office: a manager sends a link from the action's page and sees the audit trail; a
plan owner may not."""

import pytest
from django.utils import timezone

from delivery.models import Delivery
from partner_links.models import UpdateLink
from partner_links.operations import record_link_update

pytestmark = pytest.mark.django_db

ADD = "/admin/partner_links/updatelink/add/"


def test_the_action_page_offers_a_manager_to_send_an_update_link(client, manager, action):
    client.force_login(manager)
    page = client.get(f"/admin/actions/action/{action.pk}/change/")
    assert f'{ADD}?action={action.pk}"' in page.content.decode()


def test_a_manager_sends_a_named_contact_a_link(client, manager, action):
    client.force_login(manager)
    response = client.post(
        ADD,
        {
            "action": action.pk,
            "contact_name": "Priya Shah",
            "contact_email": "P.Shah@police.example",
        },
    )
    assert response.status_code == 302, response.content.decode()
    link = UpdateLink.objects.get()
    assert (link.action, link.sent_by, link.contact_email, link.contact) == (
        action,
        manager,
        "p.shah@police.example",
        None,
    )
    assert link.round.startswith("manual:")
    assert link.expires_at == timezone.now() + timezone.timedelta(days=14)
    assert Delivery.objects.get(kind="update_link").address == "p.shah@police.example"


def test_a_manager_sends_the_owner_a_link(client, manager, action, plan_owner):
    client.force_login(manager)
    response = client.post(ADD, {"action": action.pk, "to_owner": "on"})
    assert response.status_code == 302, response.content.decode()
    link = UpdateLink.objects.get()
    assert (link.contact, link.contact_email) == (plan_owner, plan_owner.email)
    assert Delivery.objects.get(kind="update_link").recipient == plan_owner


def test_a_contact_needs_a_name_and_an_address(client, manager, action):
    client.force_login(manager)
    page = client.post(ADD, {"action": action.pk})
    assert page.status_code == 200
    assert "Give the contact&#x27;s name." in page.content.decode()
    assert not UpdateLink.objects.exists()


def test_another_service_s_action_cannot_be_chosen(client, manager, other_action):
    client.force_login(manager)
    page = client.post(
        ADD, {"action": other_action.pk, "contact_name": "A", "contact_email": "a@x.example"}
    )
    assert page.status_code == 200
    assert not UpdateLink.objects.exists()


def test_the_audit_trail_shows_who_was_sent_what_and_the_update(client, manager, link):
    update = record_link_update(
        link_id=link.pk, narrative="Drafted.", assessed_rag="amber", now=timezone.now()
    )
    client.force_login(manager)
    page = client.get(f"/admin/partner_links/updatelink/{link.pk}/change/").content.decode()
    for fact in ("Priya Shah", "priya.shah@police.example", link.round, str(update)):
        assert fact in page


def test_a_plan_owner_may_neither_send_nor_see_links(client, plan_owner, link):
    client.force_login(plan_owner)
    assert client.get(ADD).status_code == 403
    assert client.get("/admin/partner_links/updatelink/").status_code == 403
    page = client.get(f"/admin/actions/action/{link.action.pk}/change/")
    assert ADD not in page.content.decode()


def test_a_manager_withdraws_a_link(client, manager, link):
    client.force_login(manager)
    client.post(
        "/admin/partner_links/updatelink/",
        {"action": "revoke", "_selected_action": [link.pk]},
    )
    link.refresh_from_db()
    assert link.revoked_at == timezone.now()
