"""End to end: our Action, deployed through the Management API, shapes a member's access token.

Everything goes over HTTP to a real emulator: the Management API registers the API, the app,
a role, and a member of an organization with the tenant's entitlements, then creates, deploys
and binds auth0/actions/post-login.js. The member signs in through /authorize with
``organization`` and ``audience`` and the code is exchanged at /oauth/token.
"""

from __future__ import annotations

from dataclasses import dataclass

import jwt
import pytest
import requests
from django.conf import settings

from auth0_emulator.tenant import DATABASE_CONNECTION
from tests.actions.events import POST_LOGIN_SOURCE, contract_claims

from .mgmt_client import RawApi
from .oidc_support import CALLBACK, PASSWORD, sign_in

NAMESPACE = settings.AUTH0_CLAIMS_NAMESPACE
AUDIENCE = settings.AUTH0_API_AUDIENCE
PRO = {"plan": "pro", "features": ["bookings", "inventory"], "v": 7}


@dataclass(frozen=True)
class Member:
    email: str
    user_id: str
    org_id: str


@pytest.fixture
def management(emulator) -> RawApi:
    return RawApi(emulator)


@pytest.fixture
def app(management) -> dict:
    """Our web app as registered at Auth0: a client that may sign people in to organizations."""
    return answer(
        management.post("clients", {
            "name": "Tenant portal",
            "app_type": "regular_web",
            "callbacks": [CALLBACK],
            "grant_types": ["authorization_code", "refresh_token"],
            "organization_usage": "allow",
        })
    )  # fmt: skip


def test_member_access_token_carries_the_claims_of_the_deployed_action(emulator, management, app):
    claims_action_deploy(management)
    member = member_create(management, entitlements=PRO)

    tokens = sign_in(emulator.url, app, member.email, organization=member.org_id, audience=AUDIENCE)

    access = verified_claims(emulator, tokens["access_token"], AUDIENCE)
    assert access["org_id"] == member.org_id
    assert access["permissions"] == ["read:bookings"]
    assert contract_claims(namespaced(access)) == {
        "roles": ["admin"],
        "plan": "pro",
        "features": ["bookings", "inventory"],
        "ent_v": 7,
    }
    assert namespaced(verified_claims(emulator, tokens["id_token"], app["client_id"])) == {}


def test_changed_entitlements_reach_the_next_login(emulator, management, app):
    claims_action_deploy(management)
    member = member_create(management, entitlements=PRO)
    overage = {"plan": "enterprise", "overage": True, "v": 8}
    answer(management.patch(f"users/{member.user_id}", {"app_metadata": {member.org_id: overage}}))

    tokens = sign_in(emulator.url, app, member.email, organization=member.org_id, audience=AUDIENCE)

    assert contract_claims(namespaced(verified_claims(emulator, tokens["access_token"]))) == {
        "roles": ["admin"],
        "plan": "enterprise",
        "ent_v": 8,
        "overage": ["features"],
    }


def claims_action_deploy(management: RawApi) -> None:
    """Create, deploy and bind auth0/actions/post-login.js, as auth0_bootstrap does."""
    action = answer(
        management.post("actions/actions", {
            "name": "Tenant portal claims",
            "supported_triggers": [{"id": "post-login", "version": "v3"}],
            "code": POST_LOGIN_SOURCE,
            "runtime": "node22",
            "secrets": [{"name": "CLAIMS_NAMESPACE", "value": NAMESPACE}],
        })
    )  # fmt: skip
    answer(management.post(f"actions/actions/{action['id']}/deploy"))
    binding = {"ref": {"type": "action_id", "value": action["id"]}, "display_name": "Claims"}
    answer(management.patch("actions/triggers/post-login/bindings", {"bindings": [binding]}))


def member_create(management: RawApi, *, entitlements: dict) -> Member:
    """An admin of a new organization whose app_metadata holds the tenant's entitlements."""
    answer(
        management.post("resource-servers", {
            "name": "Tenant portal API",
            "identifier": AUDIENCE,
            "scopes": [{"value": "read:bookings", "description": "Read bookings"}],
            "signing_alg": "RS256",
            "enforce_policies": True,
            "token_dialect": "access_token_authz",
        })
    )  # fmt: skip
    role = answer(management.post("roles", {"name": "admin", "description": "Tenant admin"}))
    permission = {"resource_server_identifier": AUDIENCE, "permission_name": "read:bookings"}
    answer(management.post(f"roles/{role['id']}/permissions", {"permissions": [permission]}))
    email = "ada@acme.test"
    user = answer(
        management.post("users", {
            "email": email,
            "password": PASSWORD,
            "connection": DATABASE_CONNECTION,
            "email_verified": True,
        })
    )  # fmt: skip
    connection = answer(management.get("connections", params={"name": DATABASE_CONNECTION}))[0]
    org = answer(
        management.post("organizations", {
            "name": "acme",
            "display_name": "Acme Ltd",
            "enabled_connections": [{"connection_id": connection["id"]}],
        })
    )  # fmt: skip
    members = f"organizations/{org['id']}/members"
    answer(management.post(members, {"members": [user["user_id"]]}))
    answer(management.post(f"{members}/{user['user_id']}/roles", {"roles": [role["id"]]}))
    metadata = {"app_metadata": {org["id"]: entitlements}}
    answer(management.patch(f"users/{user['user_id']}", metadata))
    return Member(email=email, user_id=user["user_id"], org_id=org["id"])


def answer(response: requests.Response) -> dict | None:
    """The body of a successful Management API answer (None for 204)."""
    assert response.ok, f"{response.request.method} {response.url}: {response.text}"
    return response.json() if response.content else None


def verified_claims(emulator, token: str, audience: str = AUDIENCE) -> dict:
    jwks = jwt.PyJWKClient(f"{emulator.url}/.well-known/jwks.json")
    return jwt.decode(
        token,
        jwks.get_signing_key_from_jwt(token).key,
        algorithms=["RS256"],
        audience=audience,
        issuer=emulator.emulator.issuer,
    )


def namespaced(claims: dict) -> dict:
    return {name: value for name, value in claims.items() if name.startswith(NAMESPACE)}
