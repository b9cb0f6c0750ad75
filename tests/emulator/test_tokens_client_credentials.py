"""POST /oauth/token with client_credentials: only what a client grant allows."""

from __future__ import annotations

import jwt
import pytest
from auth0.authentication import GetToken
from auth0.authentication.exceptions import Auth0Error

from .oidc_support import API, seed_api, seed_client, seed_client_grant, token_request


@pytest.fixture
def machine(store):
    return seed_client(store, app_type="non_interactive", grant_types=["client_credentials"])


def verified_claims(emulator, token: str, audience: str = API) -> dict:
    """The claims of a token whose signature checks out against the tenant's JWKS."""
    key = jwt.PyJWKClient(f"{emulator.url}/.well-known/jwks.json").get_signing_key_from_jwt(token)
    return jwt.decode(
        token, key.key, algorithms=["RS256"], audience=audience, issuer=f"{emulator.url}/"
    )


def machine_token(emulator, client, **form):
    return token_request(
        emulator.url,
        grant_type="client_credentials",
        client_id=client["client_id"],
        client_secret=client["client_secret"],
        **form,
    )


def test_granted_client_gets_a_token_for_the_api(emulator, store, machine):
    seed_api(store, token_dialect="access_token")
    seed_client_grant(store, machine, API, ["read:bookings", "write:bookings"])

    response = machine_token(emulator, machine, audience=API)

    body = response.json()
    assert response.status_code == 200, body
    assert set(body) == {"access_token", "scope", "expires_in", "token_type"}
    assert body["scope"] == "read:bookings write:bookings"
    claims = verified_claims(emulator, body["access_token"])
    assert claims["sub"] == f"{machine['client_id']}@clients"
    assert claims["aud"] == API
    assert claims["azp"] == machine["client_id"]
    assert claims["gty"] == "client-credentials"
    assert claims["iss"] == f"{emulator.url}/"
    assert "permissions" not in claims


def test_auth0_pythons_get_token_works_over_http(emulator, store, machine):
    seed_api(store)
    seed_client_grant(store, machine, API, ["read:bookings"])
    host = emulator.url.removeprefix("http://")

    body = GetToken(
        host, machine["client_id"], client_secret=machine["client_secret"], protocol="http"
    ).client_credentials(API)

    claims = verified_claims(emulator, body["access_token"])
    assert claims["permissions"] == ["read:bookings"]


def test_scope_parameter_narrows_the_granted_scopes(emulator, store, machine):
    seed_api(store)
    seed_client_grant(store, machine, API, ["read:bookings", "write:bookings"])

    body = machine_token(emulator, machine, audience=API, scope="read:bookings").json()

    assert body["scope"] == "read:bookings"


def test_scopes_beyond_the_grant_are_refused(emulator, store, machine):
    seed_api(store)
    seed_client_grant(store, machine, API, ["read:bookings"])

    response = machine_token(emulator, machine, audience=API, scope="read:bookings delete:all")

    assert response.status_code == 403
    assert response.json() == {
        "error": "access_denied",
        "error_description": "Client has not been granted scopes: delete:all",
    }


def test_client_without_a_grant_for_the_api_is_refused(emulator, store, machine):
    seed_api(store)

    response = machine_token(emulator, machine, audience=API)

    assert response.status_code == 403
    assert response.json()["error"] == "access_denied"
    assert response.json()["error_description"].startswith(
        f'Client is not authorized to access "{API}".'
    )


def test_unknown_audience_is_service_not_found(emulator, machine):
    response = machine_token(emulator, machine, audience="https://nowhere.test/")

    assert response.json() == {
        "error": "access_denied",
        "error_description": "Service not found: https://nowhere.test/",
    }


def test_audience_is_required_without_a_tenant_default(emulator, machine):
    response = machine_token(emulator, machine)

    assert response.status_code == 403
    assert "No audience parameter was provided" in response.json()["error_description"]


def test_wrong_secret_is_refused_with_auth0s_body(emulator, machine):
    with pytest.raises(Auth0Error) as refused:
        GetToken(
            emulator.url.removeprefix("http://"),
            machine["client_id"],
            client_secret="wrong",
            protocol="http",
        ).client_credentials(API)

    assert refused.value.status_code == 401
    assert refused.value.error_code == "access_denied"
    assert refused.value.message == "Unauthorized"
