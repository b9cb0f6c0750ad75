"""Organization invitations, their link, and the emails kept in the outbox."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from .mgmt_client import TIMEOUT_SECONDS, RawApi, fields_of, management_client


@pytest.fixture
def org(emulator):
    return management_client(emulator).organizations.create(name="acme", display_name="Acme Inc")


def _invite(emulator, org_id, **extra):
    return management_client(emulator).organizations.invitations.create(
        org_id,
        inviter={"name": "Ann Admin"},
        invitee={"email": "bob@example.com"},
        client_id=emulator.emulator.config.portal_client_id,
        **extra,
    )


def test_an_invitation_links_to_the_apps_login_route(emulator, org):
    invitation = _invite(emulator, org.id)

    url = urlsplit(invitation.invitation_url)
    assert f"{url.scheme}://{url.netloc}{url.path}" == "http://127.0.0.1:8000/login/"
    assert parse_qs(url.query) == {
        "invitation": [invitation.ticket_id],
        "organization": [org.id],
        "organization_name": ["acme"],
    }
    assert invitation.id.startswith("uinv_")
    assert invitation.organization_id == org.id
    assert invitation.expires_at - invitation.created_at == timedelta(days=7)


def test_the_answer_has_auth0s_keys(emulator, org):
    body = {
        "inviter": {"name": "Ann"},
        "invitee": {"email": "bob@example.com"},
        "client_id": emulator.emulator.config.portal_client_id,
    }

    response = RawApi(emulator).post(f"organizations/{org.id}/invitations", body)

    assert response.status_code == 201
    assert set(response.json()) == {
        "id",
        "client_id",
        "inviter",
        "invitee",
        "invitation_url",
        "ticket_id",
        "created_at",
        "expires_at",
        "organization_id",
    }


def test_roles_metadata_and_ttl_are_kept(emulator, org):
    role = management_client(emulator).roles.create(name="member")

    invitation = _invite(
        emulator, org.id, roles=[role.id], ttl_sec=3600, app_metadata={"plan": "pro"}
    )

    assert invitation.roles == [role.id]
    assert invitation.app_metadata == {"plan": "pro"}
    assert invitation.expires_at - invitation.created_at == timedelta(hours=1)


def test_the_ttl_is_at_most_30_days(emulator, org):
    body = {
        "inviter": {"name": "Ann"},
        "invitee": {"email": "bob@example.com"},
        "client_id": emulator.emulator.config.portal_client_id,
        "ttl_sec": 2592001,
    }

    response = RawApi(emulator).post(f"organizations/{org.id}/invitations", body)

    assert response.status_code == 400
    assert response.json()["message"].startswith(
        "Payload validation error: 'Value 2592001 is greater than maximum 2592000' on property"
        " ttl_sec"
    )


def test_an_invalid_email_is_refused(emulator, org):
    body = {
        "inviter": {"name": "Ann"},
        "invitee": {"email": "not-an-email"},
        "client_id": emulator.emulator.config.portal_client_id,
    }

    response = RawApi(emulator).post(f"organizations/{org.id}/invitations", body)

    assert response.json()["message"] == (
        "Payload validation error: 'Object didn't pass validation for format email:"
        " not-an-email' on property invitee.email (The invitee's email.)."
    )


def test_a_client_without_a_login_route_cannot_invite(emulator, org):
    client = management_client(emulator).clients.create(name="Other", organization_usage="allow")
    body = {
        "inviter": {"name": "Ann"},
        "invitee": {"email": "bob@example.com"},
        "client_id": client.client_id,
    }

    response = RawApi(emulator).post(f"organizations/{org.id}/invitations", body)

    assert response.status_code == 400
    assert response.json()["message"] == (
        "A default login route is required to generate the invitation url."
    )


def test_the_tenants_default_login_route_serves_clients_without_one(emulator, org):
    client = management_client(emulator)
    other = client.clients.create(name="Other", organization_usage="allow")
    client.tenants.settings.update(default_redirection_uri="https://app.example.com/login")

    invitation = client.organizations.invitations.create(
        org.id,
        inviter={"name": "Ann"},
        invitee={"email": "b@example.com"},
        client_id=other.client_id,
    )

    assert invitation.invitation_url.startswith("https://app.example.com/login?invitation=")


def test_a_client_that_denies_organizations_cannot_invite(emulator, org):
    other = management_client(emulator).clients.create(name="Other")
    body = {
        "inviter": {"name": "Ann"},
        "invitee": {"email": "bob@example.com"},
        "client_id": other.client_id,
    }

    response = RawApi(emulator).post(f"organizations/{org.id}/invitations", body)

    assert response.status_code == 400
    assert response.json()["message"] == (
        f"The specified client_id ({other.client_id}) does not allow organizations."
    )


def test_unknown_roles_and_clients_create_nothing(emulator, org):
    api = RawApi(emulator)
    invitation = {"inviter": {"name": "Ann"}, "invitee": {"email": "bob@example.com"}}

    with_role = api.post(
        f"organizations/{org.id}/invitations",
        {**invitation, "client_id": emulator.emulator.config.portal_client_id, "roles": ["rol_x"]},
    )
    with_client = api.post(f"organizations/{org.id}/invitations", {**invitation, "client_id": "x"})

    assert with_role.status_code == 404
    assert with_client.status_code == 404
    assert emulator.emulator.store.count("invitations") == 0
    assert emulator.emulator.store.count("outbox") == 0


def test_invitations_are_listed_read_and_deleted(emulator, org):
    client = management_client(emulator)
    invitation = _invite(emulator, org.id)
    invitations = client.organizations.invitations

    listed = list(invitations.list(org.id))
    read = invitations.get(org.id, invitation.id)
    invitations.delete(org.id, invitation.id)
    gone = RawApi(emulator).get(f"organizations/{org.id}/invitations/{invitation.id}")

    assert [i.id for i in listed] == [invitation.id]
    assert read.ticket_id == invitation.ticket_id
    assert gone.status_code == 404
    assert gone.json() == {
        "statusCode": 404,
        "error": "Not Found",
        "message": "The invitation does not exist.",
        "errorCode": "inexistent_invitation",
    }


def test_invitations_are_listed_by_offset_with_auth0s_totals(emulator, org):
    invited = [_invite(emulator, org.id).id for _ in range(3)]
    invitations = management_client(emulator).organizations.invitations

    pager = invitations.list(org.id, page=0, per_page=2, include_totals=True)
    pages = list(pager.iter_pages())

    assert [[i.id for i in page.items] for page in pages] == [invited[:2], invited[2:]]
    # As recorded, Auth0 gives the number returned as limit, and no total.
    assert [(page.response.start, page.response.limit) for page in pages] == [(0, 2), (2, 1)]
    assert "total" not in fields_of(pager.response)


def test_an_invitation_email_lands_in_the_outbox(emulator, org):
    invitation = _invite(emulator, org.id)

    emails = requests.get(f"{emulator.url}/emulator/outbox.json", timeout=TIMEOUT_SECONDS).json()

    assert len(emails) == 1
    assert emails[0]["to"] == "bob@example.com"
    assert emails[0]["invitation_id"] == invitation.id
    assert emails[0]["subject"] == "You've been invited to join Acme Inc"
    assert invitation.invitation_url in emails[0]["body"]


def test_no_email_when_the_caller_sends_its_own(emulator, org):
    _invite(emulator, org.id, send_invitation_email=False)

    assert emulator.emulator.store.count("outbox") == 0


def test_the_outbox_page_lists_newest_first_and_says_it_is_not_auth0(emulator, org):
    first = _invite(emulator, org.id)
    second = management_client(emulator).organizations.invitations.create(
        org.id,
        inviter={"name": "Ann"},
        invitee={"email": "carol@example.com"},
        client_id=emulator.emulator.config.portal_client_id,
    )

    page = requests.get(f"{emulator.url}/emulator/outbox", timeout=TIMEOUT_SECONDS)

    assert page.headers["Content-Type"].startswith("text/html")
    assert "not part of Auth0" in page.text
    assert page.text.index("carol@example.com") < page.text.index("bob@example.com")
    escaped_link = second.invitation_url.replace("&", "&amp;")
    assert f'href="{escaped_link}"' in page.text
    assert first.ticket_id in page.text
