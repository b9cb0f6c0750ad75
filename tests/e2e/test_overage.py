"""Overage end to end: a token too small for the features, the service asks the portal.

The demo stack as ``make run`` has it (bootstrap, demo data, the Post-Login Action); each
member's ``app_metadata`` for the tenant is set through the Management API to the overage
shape the portal's sync writes. The Action then puts ``<ns>overage`` and ``<ns>ent_v`` into the
token instead of the features, and the booking service fetches the tenant's entitlements from
the live portal's real endpoint with the caller's token.
"""

from __future__ import annotations

import jwt
import requests
from django.conf import settings

from billing_plans.selectors import entitlements_get_for_tenant
from billing_plans.services import feature_define, plan_define, plan_switch
from portal import auth0
from tenants.models import Tenant
from tests.e2e.test_services import access_token
from tests.services.booking_client import bookings_path, call

NS = settings.AUTH0_CLAIMS_NAMESPACE


def mark_overage(tenant_name: str, *, version_ahead: int = 0) -> str:
    """Write the overage marker and the tenant's version into its members' app_metadata."""
    tenant = Tenant.objects.get(name=tenant_name)
    entitlements = entitlements_get_for_tenant(tenant=tenant)
    marker = {
        "plan": entitlements.plan_code,
        "overage": True,
        "v": entitlements.version + version_ahead,
    }
    client = auth0.management_client()
    for member in client.organizations.members.list(tenant.auth0_org_id):
        client.users.update(member.user_id, app_metadata={tenant.auth0_org_id: marker})
    return tenant.auth0_org_id


def claims_of(token: str) -> dict:
    return jwt.decode(token, options={"verify_signature": False})


def test_token_leaves_the_features_to_the_portal(stack):
    acme = mark_overage("acme")
    claims = claims_of(access_token(stack, "member@acme.test", acme))
    assert claims[f"{NS}overage"] == ["features"]
    assert claims[f"{NS}ent_v"] == 1  # demo_seed put Acme on Pro: one change
    assert f"{NS}features" not in claims


def test_portal_answers_the_token_with_the_tenants_entitlements(stack):
    acme = mark_overage("acme")
    token = access_token(stack, "member@acme.test", acme)
    response = requests.get(
        stack.url(f"/api/entitlements/{acme}"),
        headers={"Authorization": f"Bearer {token}"},
        timeout=10,
    )
    assert response.status_code == 200
    assert response.json() == {
        "org_id": acme,
        "plan": "pro",
        "features": ["bookings", "customers", "inventory", "payments", "reports"],
        "v": claims_of(token)[f"{NS}ent_v"],
    }


def test_service_allows_a_feature_the_portal_grants(stack, booking_service):
    acme = mark_overage("acme")
    token = access_token(stack, "member@acme.test", acme)
    response = call(booking_service, "GET", bookings_path(acme), token=token)
    assert response.status_code == 200, response.text
    assert response.json() == {"bookings": []}


def test_service_refuses_a_feature_the_tenants_plan_lacks(stack, booking_service):
    stock = plan_define(
        code="stock", name="Stock", features=[feature_define(code="inventory", name="Inventory")]
    )
    plan_switch(tenant=Tenant.objects.get(name="globex"), plan=stock)
    globex = mark_overage("globex")
    token = access_token(stack, "owner@globex.test", globex)
    response = call(booking_service, "GET", bookings_path(globex), token=token)
    assert response.status_code == 403
    assert response.json()["error"] == "insufficient_scope"
    assert "bookings" in response.json()["error_description"]


def test_portal_behind_the_token_is_a_retryable_503(stack, booking_service):
    # A token issued after a change the portal does not show yet (a lagging replica).
    acme = mark_overage("acme", version_ahead=1)
    token = access_token(stack, "member@acme.test", acme)
    response = call(booking_service, "GET", bookings_path(acme), token=token)
    assert response.status_code == 503
    assert response.json()["error"] == "temporarily_unavailable"
