"""A microservice trusts what the portal put into Auth0: token claims end to end.

The tenant is set up by ``auth0_bootstrap`` and ``demo_seed`` (API, roles, Action), a person
signs in to an organization for the product's API, and the example booking service decides
from the access token alone: tenant, permission and feature.
"""

from __future__ import annotations

import jwt
from django.conf import settings

from portal import auth0
from tenants.management.commands.demo_seed import DEMO_PASSWORD
from tenants.models import Tenant
from tests.emulator.oidc_support import Browser, exchange_code, pkce_pair, seed_client
from tests.services.booking_client import BOOKING, bookings_path, call


def entitle(tenant_name: str, *, plan: str, features: list[str]) -> str:
    """Write a tenant's plan into its members' app_metadata, as the portal's sync does."""
    tenant = Tenant.objects.get(name=tenant_name)
    client = auth0.management_client()
    for member in client.organizations.members.list(tenant.auth0_org_id):
        metadata = {tenant.auth0_org_id: {"plan": plan, "features": features, "v": 1}}
        client.users.update(member.user_id, app_metadata=metadata)
    return tenant.auth0_org_id


def access_token(stack, email: str, org_id: str) -> str:
    """Sign in to the organization for the product's API, as a front end of the SaaS would."""
    app = seed_client(stack.emulator.emulator.store)
    verifier, challenge = pkce_pair()
    callback = Browser(stack.emulator.url).login(
        app,
        email,
        DEMO_PASSWORD,
        organization=org_id,
        audience=settings.AUTH0_API_AUDIENCE,
        code_challenge=challenge,
        code_challenge_method="S256",
    )
    tokens = exchange_code(stack.emulator.url, app, callback["code"], code_verifier=verifier)
    assert tokens.status_code == 200, tokens.text
    return tokens.json()["access_token"]


def test_token_carries_what_the_portal_configured(stack):
    acme = entitle("acme", plan="pro", features=["bookings", "inventory"])
    claims = jwt.decode(
        access_token(stack, "owner@acme.test", acme), options={"verify_signature": False}
    )
    ns = settings.AUTH0_CLAIMS_NAMESPACE
    assert claims["org_id"] == acme
    assert claims[f"{ns}roles"] == ["owner"]
    assert claims[f"{ns}plan"] == "pro"
    assert claims[f"{ns}features"] == ["bookings", "inventory"]
    assert "payments:write" in claims["permissions"]


def test_member_books_and_lists_in_their_tenant(stack, booking_service):
    acme = entitle("acme", plan="pro", features=["bookings"])
    token = access_token(stack, "member@acme.test", acme)
    created = call(booking_service, "POST", bookings_path(acme), token=token, json=BOOKING)
    assert created.status_code == 201, created.text
    listed = call(booking_service, "GET", bookings_path(acme), token=token)
    assert listed.status_code == 200
    assert [b["id"] for b in listed.json()["bookings"]] == [created.json()["id"]]


def test_token_for_one_tenant_cannot_reach_another(stack, booking_service):
    acme = entitle("acme", plan="pro", features=["bookings"])
    globex = entitle("globex", plan="pro", features=["bookings"])
    token = access_token(stack, "owner@acme.test", acme)
    response = call(booking_service, "GET", bookings_path(globex), token=token)
    assert response.status_code == 403
    assert response.json()["error"] == "insufficient_scope"


def test_plan_without_the_feature_is_refused(stack, booking_service):
    globex = entitle("globex", plan="starter", features=["inventory"])
    token = access_token(stack, "owner@globex.test", globex)
    response = call(booking_service, "GET", bookings_path(globex), token=token)
    assert response.status_code == 403
    assert "bookings" in response.json()["error_description"]


def test_no_token_is_401_with_a_bearer_challenge(stack, booking_service):
    acme = Tenant.objects.get(name="acme").auth0_org_id
    response = call(booking_service, "GET", bookings_path(acme), token=None)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
