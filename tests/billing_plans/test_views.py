"""The entitlements endpoint with real tokens from a real emulator, and the support page."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from billing_plans.services import feature_override_set, plan_switch
from tests import factories
from tests.conftest import signed_in_client
from tests.emulator.oidc_support import (
    seed_api,
    seed_client,
    seed_membership,
    seed_organization,
    seed_user,
    sign_in,
)

AUDIENCE = settings.AUTH0_API_AUDIENCE


@pytest.fixture
def auth0(emulator, settings):
    """The emulator as the portal's Auth0 tenant, with the product's API and a front end."""
    settings.AUTH0_BASE_URL = emulator.url
    seed_api(emulator.emulator.store, identifier=AUDIENCE)
    return emulator


@pytest.fixture
def store(auth0):
    return auth0.emulator.store


@pytest.fixture
def app(store):
    return seed_client(store)


@pytest.fixture
def acme_org(store):
    return seed_organization(store, "acme", "Acme Corporation")


@pytest.fixture
def acme(db, acme_org):
    return factories.tenant(
        name="acme", display_name="Acme Corporation", auth0_org_id=acme_org["id"]
    )


@pytest.fixture
def member_token(auth0, store, app, acme_org):
    seed_membership(store, acme_org, seed_user(store, "member@acme.test"))
    return access_token(auth0, app, "member@acme.test", organization=acme_org["id"])


def access_token(auth0, app, email: str, **params) -> str:
    return sign_in(auth0.url, app, email, audience=AUDIENCE, **params)["access_token"]


def entitlements(client, org_id: str, token: str | None = None, method: str = "get"):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    url = reverse("entitlements:detail", kwargs={"org_id": org_id})
    return getattr(client, method)(url, headers=headers)


def test_url_is_the_one_service_auth_requests(acme):
    assert reverse("entitlements:detail", kwargs={"org_id": "org_1"}) == "/api/entitlements/org_1"


def test_member_gets_the_tenants_entitlements(client, acme, member_token, pro, features):
    plan_switch(tenant=acme, plan=pro)
    feature_override_set(tenant=acme, feature=features["reports"], granted=True)
    feature_override_set(tenant=acme, feature=features["payments"], granted=False)

    response = entitlements(client, acme.auth0_org_id, member_token)

    assert response.status_code == 200
    assert response.json() == {
        "org_id": acme.auth0_org_id,
        "plan": "pro",
        "features": ["bookings", "inventory", "reports"],
        "v": 3,
    }
    assert response["Cache-Control"] == "private, max-age=60"


def test_tenant_without_a_plan_answers_no_plan_no_features(client, acme, member_token):
    response = entitlements(client, acme.auth0_org_id, member_token)
    assert response.status_code == 200
    assert response.json() == {"org_id": acme.auth0_org_id, "plan": None, "features": [], "v": 0}


def test_token_of_another_organization_is_403(client, acme, member_token, store, app, pro):
    globex_org = seed_organization(store, "globex")
    factories.tenant(name="globex", auth0_org_id=globex_org["id"])

    response = entitlements(client, globex_org["id"], member_token)

    assert response.status_code == 403
    assert response.json()["error"] == "insufficient_scope"
    assert response["WWW-Authenticate"].startswith('Bearer error="insufficient_scope"')


def test_token_without_an_organization_is_403(client, auth0, store, app, acme):
    seed_user(store, "support@portal.test")
    token = access_token(auth0, app, "support@portal.test")
    response = entitlements(client, acme.auth0_org_id, token)
    assert response.status_code == 403
    assert "no org_id" in response.json()["error_description"]


def test_no_token_is_401_with_a_bare_bearer_challenge(client, acme):
    response = entitlements(client, acme.auth0_org_id)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"
    assert response.json()["error"] == "invalid_token"


@pytest.mark.parametrize("spoil", [lambda t: "not-a-token", lambda t: t[:-4] + "AAAA"])
def test_bad_token_is_401_invalid_token(client, acme, member_token, spoil):
    response = entitlements(client, acme.auth0_org_id, spoil(member_token))
    assert response.status_code == 401
    assert response.json()["error"] == "invalid_token"
    assert response["WWW-Authenticate"].startswith('Bearer error="invalid_token"')


def test_id_token_is_not_accepted(client, auth0, store, app, acme, acme_org):
    seed_membership(store, acme_org, seed_user(store, "member@acme.test"))
    tokens = sign_in(auth0.url, app, "member@acme.test", organization=acme_org["id"])
    response = entitlements(client, acme.auth0_org_id, tokens["id_token"])
    assert response.status_code == 401
    assert "audience" in response.json()["error_description"]


def test_organization_the_portal_does_not_know_is_404_after_the_token_check(
    client, acme, member_token, acme_org
):
    acme.delete()  # Auth0 still has the organization and issues tokens for it
    assert entitlements(client, acme_org["id"]).status_code == 401
    response = entitlements(client, acme_org["id"], member_token)
    assert response.status_code == 404
    assert response.json()["error"] == "not_found"


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_only_get_is_allowed(client, acme, member_token, method):
    response = entitlements(client, acme.auth0_org_id, member_token, method=method)
    assert response.status_code == 405
    assert response["Allow"] == "GET"
    assert response.json()["error"] == "method_not_allowed"


# -- the support page ------------------------------------------------------------------------


def test_support_page_shows_each_tenants_plan(client, db, pro):
    acme = factories.tenant(name="acme", display_name="Acme Corporation")
    factories.tenant(name="globex", display_name="Globex")
    plan_switch(tenant=acme, plan=pro)

    staff = factories.user(staff=True)
    body = signed_in_client(client, staff).get(reverse("billing_plans:support_home"))
    rows = body.content.decode().split("<tr>")[2:]

    assert [("Acme Corporation" in row, "Globex" in row) for row in rows] == [
        (True, False),
        (False, True),
    ]
    assert "Pro" in rows[0] and "No plan yet" in rows[1]
