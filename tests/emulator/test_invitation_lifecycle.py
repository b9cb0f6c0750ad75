"""An invitation's whole life, as the portal lives it: created through the Management API, its
link followed to /authorize, the invitee signed up and signed in, and the link dead afterwards.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from urllib.parse import parse_qs, urlsplit

import jwt

from auth0_emulator.tenant import DATABASE_CONNECTION

from .mgmt_client import management_client
from .oidc_support import Browser, Page, exchange_code, pkce_pair

API = "https://bookings.example.test/"
INVITEE = "new.hire@example.test"
PASSWORD = "Brand-new-Passw0rd"


def test_an_invitation_is_accepted_once_and_its_link_is_dead_afterwards(emulator):
    config = emulator.emulator.config
    portal = {"client_id": config.portal_client_id, "client_secret": config.portal_client_secret}
    callback = config.portal_url.rstrip("/") + "/complete/auth0/"
    management = management_client(emulator)
    org, editor = _organization_with_an_editor_role(management)

    invitation = management.organizations.invitations.create(
        org.id,
        inviter={"name": "Ann Admin"},
        invitee={"email": INVITEE},
        client_id=portal["client_id"],
        roles=[editor.id],
        app_metadata={"plan": "pro"},
        user_metadata={"lang": "fr"},
    )
    link = _link_parameters(invitation.invitation_url)
    assert link["organization"] == org.id

    # The portal's login route forwards invitation and organization to /authorize.
    verifier, challenge = pkce_pair()
    browser = Browser(emulator.url)
    signup = browser.authorize(
        portal,
        redirect_uri=callback,
        audience=API,
        code_challenge=challenge,
        code_challenge_method="S256",
        **link,
    )
    assert "/u/signup" in signup.url
    assert f'value="{INVITEE}"' in signup.text and "readonly" in signup.text
    assert "Ann Admin invited you" in signup.text
    code = browser.submit(signup, password=PASSWORD, password_confirmation=PASSWORD)["code"]
    response = exchange_code(
        emulator.url, portal, code, redirect_uri=callback, code_verifier=verifier
    )

    assert response.status_code == 200, response.text
    access = _verified(emulator, response.json()["access_token"], API)
    identity = _verified(emulator, response.json()["id_token"], portal["client_id"])
    assert (access["org_id"], identity["org_id"]) == (org.id, org.id)
    assert access["permissions"] == ["read:bookings"]
    (user,) = management.users.list_users_by_email(email=INVITEE)
    assert user.user_id == access["sub"]
    assert (user.app_metadata, user.user_metadata) == ({"plan": "pro"}, {"lang": "fr"})
    assert user.email_verified is True  # the link reached the address
    member_roles = management.organizations.members.roles.list(org.id, user.user_id)
    assert [role.id for role in member_roles] == [editor.id]
    assert list(management.organizations.invitations.list(org.id)) == []

    # The same link again: the invitation was used up.
    assert _refusal(emulator, portal, callback, link) == (
        "This invitation was not found or has already been used."
    )

    # A link that outlived its invitation.
    short = management.organizations.invitations.create(
        org.id,
        inviter={"name": "Ann Admin"},
        invitee={"email": "late@example.test"},
        client_id=portal["client_id"],
        ttl_sec=1,
    )
    time.sleep(max((short.expires_at - datetime.now(UTC)).total_seconds(), 0) + 0.05)
    assert _refusal(emulator, portal, callback, _link_parameters(short.invitation_url)) == (
        "This invitation has expired. Ask for a new one."
    )

    # A link whose invitation was withdrawn.
    withdrawn = management.organizations.invitations.create(
        org.id,
        inviter={"name": "Ann Admin"},
        invitee={"email": "withdrawn@example.test"},
        client_id=portal["client_id"],
    )
    management.organizations.invitations.delete(org.id, withdrawn.id)
    assert _refusal(emulator, portal, callback, _link_parameters(withdrawn.invitation_url)) == (
        "This invitation was not found or has already been used."
    )


def _organization_with_an_editor_role(management):
    """An organization on the database connection and a role that grants read:bookings."""
    management.resource_servers.create(
        name="Bookings",
        identifier=API,
        scopes=[{"value": "read:bookings", "description": "Read bookings"}],
        enforce_policies=True,
        token_dialect="access_token_authz",
    )
    editor = management.roles.create(name="editor")
    management.roles.permissions.add(
        editor.id,
        permissions=[{"resource_server_identifier": API, "permission_name": "read:bookings"}],
    )
    (connection,) = management.connections.list(name=DATABASE_CONNECTION)
    org = management.organizations.create(
        name="acme", display_name="Acme", enabled_connections=[{"connection_id": connection.id}]
    )
    return org, editor


def _link_parameters(invitation_url: str) -> dict[str, str]:
    """What the app's login route forwards to /authorize from the link: invitation, organization."""
    query = parse_qs(urlsplit(invitation_url).query)
    return {name: query[name][0] for name in ("invitation", "organization")}


def _refusal(emulator, portal: dict, callback: str, link: dict[str, str]) -> str:
    """The error page a fresh browser gets for this link."""
    page = Browser(emulator.url).authorize(portal, redirect_uri=callback, **link)
    assert isinstance(page, Page) and page.status == 400, page
    return _error_text(page.text)


def _error_text(html: str) -> str:
    return html.split('role="alert">', 1)[1].split("</div>", 1)[0].strip()


def _verified(emulator, token: str, audience: str) -> dict:
    key = jwt.PyJWKClient(f"{emulator.url}/.well-known/jwks.json").get_signing_key_from_jwt(token)
    return jwt.decode(
        token, key.key, algorithms=["RS256"], audience=audience, issuer=f"{emulator.url}/"
    )
