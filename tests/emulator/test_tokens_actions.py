"""Post-Login Actions: at the end of every login (before the browser goes back to the client)
and at every refresh-token exchange, never for client credentials; they shape the tokens."""

from __future__ import annotations

import jwt
import pytest

from auth0_emulator.tenant import new_id

from .oidc_support import (
    API,
    CALLBACK,
    Browser,
    exchange_code,
    pkce_pair,
    refresh,
    seed_api,
    seed_client,
    seed_client_grant,
    seed_global_role,
    seed_membership,
    seed_organization,
    seed_role,
    seed_user,
    sign_in,
    token_request,
)

# Copies the parts of the event the product relies on into claims.
EVENT_ECHO = """
exports.onExecutePostLogin = async (event, api) => {
  api.accessToken.setCustomClaim("https://example.test/event", {
    user_id: event.user.user_id,
    email: event.user.email,
    organization: event.organization || null,
    roles: event.authorization.roles,
    client: event.client,
    resource_server: event.resource_server || null,
    protocol: event.transaction.protocol,
    requested_scopes: event.transaction.requested_scopes,
    logins_count: event.stats.logins_count,
    request: event.request,
    transaction: event.transaction,
  });
  api.idToken.setCustomClaim("https://example.test/greeting", `hello ${event.user.name}`);
  api.accessToken.setCustomClaim("org_id", "forged");
};
"""

DENY_ALL = """
exports.onExecutePostLogin = async (event, api) => { api.access.deny("Not on weekends"); };
"""


def stamp(value: str) -> str:
    """An Action that puts ``value`` into the access token."""
    return (
        "exports.onExecutePostLogin = async (event, api) => {"
        f' api.accessToken.setCustomClaim("https://example.test/stamp", "{value}"); }};'
    )


def deploy_post_login(store, code: str) -> None:
    action_id = new_id("", 24)
    store.put("actions", action_id, {"id": action_id, "name": "test", "_deployed_code": code})
    store.put(
        "trigger_bindings",
        "post-login",
        {
            "bindings": [{"id": new_id(), "action_id": action_id, "display_name": "test"}],
        },
    )


@pytest.fixture
def client(store):
    return seed_client(store, name="Tenant portal")


def claims_of(token: str) -> dict:
    return jwt.decode(token, options={"verify_signature": False})


def test_action_sees_auth0s_event_and_sets_claims(emulator, store, client):
    seed_api(store)
    acme = seed_organization(store, "acme", "Acme Ltd")
    ada = seed_user(store, "ada@example.test", name="Ada Lovelace")
    seed_membership(store, acme, ada, [seed_role(store, "admin")])
    deploy_post_login(store, EVENT_ECHO)

    tokens = sign_in(
        emulator.url,
        client,
        ada["email"],
        organization=acme["id"],
        audience=API,
        scope="openid profile offline_access",
    )

    access = claims_of(tokens["access_token"])
    event = access["https://example.test/event"]
    assert event["user_id"] == ada["user_id"]
    assert event["email"] == "ada@example.test"
    assert event["organization"] == {
        "id": acme["id"],
        "name": "acme",
        "display_name": "Acme Ltd",
        "metadata": {},
    }
    assert event["roles"] == ["admin"]
    assert event["client"] == {
        "client_id": client["client_id"],
        "name": "Tenant portal",
        "metadata": {},
    }
    assert event["resource_server"] == {"identifier": API}
    assert event["protocol"] == "oidc-basic-profile"
    assert event["requested_scopes"] == ["openid", "profile", "offline_access"]
    assert event["logins_count"] == 1
    request = event["request"]
    assert request["ip"] == "127.0.0.1"
    assert request["hostname"] == "127.0.0.1"
    assert request["user_agent"].startswith("python-requests/")
    assert request["method"] == "GET"  # the /authorize request that started the login
    assert request["query"]["organization"] == acme["id"]
    assert request["query"]["audience"] == API
    assert request["query"]["client_id"] == client["client_id"]
    transaction = event["transaction"]
    assert transaction["protocol"] == "oidc-basic-profile"
    assert transaction["requested_scopes"] == ["openid", "profile", "offline_access"]
    assert transaction["redirect_uri"] == CALLBACK
    assert transaction["response_type"] == ["code"]
    assert transaction["state"] == request["query"]["state"]
    assert access["org_id"] == acme["id"]  # reserved claims stay Auth0's
    assert claims_of(tokens["id_token"])["https://example.test/greeting"] == "hello Ada Lovelace"

    refreshed = refresh(emulator.url, client, tokens["refresh_token"]).json()
    again = claims_of(refreshed["access_token"])["https://example.test/event"]
    assert again["transaction"]["protocol"] == "oauth2-refresh-token"
    assert again["transaction"]["requested_scopes"] == ["openid", "profile", "offline_access"]
    assert (again["request"]["method"], again["request"]["query"]) == ("POST", {})
    assert again["logins_count"] == 1  # a refresh is not a login


def test_global_roles_reach_the_action_outside_organizations(emulator, store, client):
    ada = seed_user(store, "ada@example.test")
    seed_global_role(store, ada, seed_role(store, "staff"))
    seed_api(store)
    deploy_post_login(store, EVENT_ECHO)

    tokens = sign_in(emulator.url, client, ada["email"], audience=API)

    event = claims_of(tokens["access_token"])["https://example.test/event"]
    assert event["roles"] == ["staff"]
    assert event["organization"] is None


def test_the_claims_are_fixed_at_the_login_not_at_the_code_exchange(emulator, store, client):
    ada = seed_user(store, "ada@example.test")
    seed_api(store, enforce_policies=False)
    deploy_post_login(store, stamp("at login"))
    verifier, challenge = pkce_pair()
    callback = Browser(emulator.url).login(
        client, ada["email"], audience=API, code_challenge=challenge, code_challenge_method="S256"
    )

    deploy_post_login(store, DENY_ALL)  # too late for this login: it has run already
    response = exchange_code(emulator.url, client, callback["code"], code_verifier=verifier)

    assert response.status_code == 200, response.text
    assert claims_of(response.json()["access_token"])["https://example.test/stamp"] == "at login"


def test_a_denial_sends_the_browser_back_with_access_denied(emulator, store, client):
    ada = seed_user(store, "ada@example.test")
    deploy_post_login(store, DENY_ALL)
    browser = Browser(emulator.url)

    callback = browser.login(client, ada["email"], state="st-42")

    assert callback == {
        "error": "access_denied",
        "error_description": "Not on weekends",
        "state": "st-42",
        "_url": CALLBACK,
    }
    # A denied login opens no SSO session.
    assert browser.authorize(client, prompt="none")["error"] == "login_required"


def test_a_login_through_the_sso_session_runs_the_actions_too(emulator, store, client):
    ada = seed_user(store, "ada@example.test")
    deploy_post_login(store, stamp("first"))
    browser = Browser(emulator.url)
    assert "code" in browser.login(client, ada["email"])
    deploy_post_login(store, DENY_ALL)

    callback = browser.authorize(client, state="again")

    assert (callback["error"], callback["error_description"]) == (
        "access_denied",
        "Not on weekends",
    )
    assert callback["state"] == "again"


def test_a_denial_at_a_refresh_is_auth0s_403(emulator, store, client):
    ada = seed_user(store, "ada@example.test")
    deploy_post_login(
        store,
        """
        exports.onExecutePostLogin = async (event, api) => {
          if (event.transaction.protocol === "oauth2-refresh-token") api.access.deny("Signed out");
        };
        """,
    )
    tokens = sign_in(emulator.url, client, ada["email"], scope="openid offline_access")

    response = refresh(emulator.url, client, tokens["refresh_token"])

    assert response.status_code == 403
    assert response.json() == {"error": "access_denied", "error_description": "Signed out"}


def test_a_user_without_metadata_shows_empty_metadata_objects(emulator, store, client):
    ada = seed_user(store, "ada@example.test")
    for field in ("app_metadata", "user_metadata"):
        del ada[field]
    store.put("users", ada["user_id"], ada)
    deploy_post_login(
        store,
        """
        exports.onExecutePostLogin = async (event, api) => {
          const { app_metadata, user_metadata } = event.user;
          api.idToken.setCustomClaim("https://example.test/metadata",
            [app_metadata, user_metadata, app_metadata.plan || "none"]);
        };
        """,
    )

    tokens = sign_in(emulator.url, client, ada["email"])

    assert claims_of(tokens["id_token"])["https://example.test/metadata"] == [{}, {}, "none"]


def test_actions_do_not_run_for_client_credentials(emulator, store):
    machine = seed_client(store, grant_types=["client_credentials"])
    seed_api(store)
    seed_client_grant(store, machine, API, ["read:bookings"])
    deploy_post_login(store, DENY_ALL)

    response = token_request(
        emulator.url,
        grant_type="client_credentials",
        client_id=machine["client_id"],
        client_secret=machine["client_secret"],
        audience=API,
    )

    assert response.status_code == 200
