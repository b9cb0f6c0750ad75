"""POST /oauth/token with authorization_code: token shapes, signatures, and code misuse."""

from __future__ import annotations

import base64
import time

import jwt
import pytest
import requests
from auth0.authentication.token_verifier import AsymmetricSignatureVerifier, TokenVerifier

from .oidc_support import (
    API,
    CALLBACK,
    TIMEOUT,
    Browser,
    exchange_code,
    pkce_pair,
    refresh,
    seed_api,
    seed_client,
    seed_global_role,
    seed_role,
    seed_user,
    sign_in,
    token_request,
)


@pytest.fixture
def ada(store):
    return seed_user(store, "ada@example.test", name="Ada Lovelace", given_name="Ada")


def signed_in_code(emulator, client, email, **params) -> tuple[str, str]:
    """A fresh code for ``email`` and its PKCE verifier."""
    verifier, challenge = pkce_pair()
    callback = Browser(emulator.url).login(
        client, email, code_challenge=challenge, code_challenge_method="S256", **params
    )
    return callback["code"], verifier


def jwks_key(emulator, token: str):
    return jwt.PyJWKClient(f"{emulator.url}/.well-known/jwks.json").get_signing_key_from_jwt(token)


def test_id_token_passes_auth0_pythons_verifier(emulator, client, ada):
    tokens = sign_in(emulator.url, client, ada["email"], nonce="n-0S6_WzA2Mj")

    verifier = TokenVerifier(
        signature_verifier=AsymmetricSignatureVerifier(f"{emulator.url}/.well-known/jwks.json"),
        issuer=f"{emulator.url}/",
        audience=client["client_id"],
    )
    claims = verifier.verify(tokens["id_token"], nonce="n-0S6_WzA2Mj")

    assert claims["sub"] == ada["user_id"]
    assert claims["sid"]
    assert claims["auth_time"] <= claims["iat"]
    assert claims["exp"] - claims["iat"] == 36000


def test_id_token_carries_profile_and_email_claims_by_scope(emulator, client, ada):
    both = jwt.decode(
        sign_in(emulator.url, client, ada["email"])["id_token"],
        options={"verify_signature": False},
    )
    profile_only = jwt.decode(
        sign_in(emulator.url, client, ada["email"], scope="openid profile")["id_token"],
        options={"verify_signature": False},
    )

    assert both["name"] == "Ada Lovelace"
    assert both["given_name"] == "Ada"
    assert both["nickname"] == "ada"
    assert both["email"] == "ada@example.test"
    assert both["email_verified"] is True
    assert "email" not in profile_only
    assert profile_only["name"] == "Ada Lovelace"


def test_id_token_lifetime_follows_the_client(emulator, store, ada):
    client = seed_client(store, jwt_configuration={"alg": "RS256", "lifetime_in_seconds": 600})

    claims = jwt.decode(
        sign_in(emulator.url, client, ada["email"])["id_token"],
        options={"verify_signature": False},
    )

    assert claims["exp"] - claims["iat"] == 600


def test_access_token_for_an_api_verifies_with_pyjwt(emulator, store, client, ada):
    seed_api(store, token_lifetime=7200)
    reader = seed_role(store, "reader", ["read:bookings"])
    seed_global_role(store, ada, reader)

    tokens = sign_in(
        emulator.url,
        client,
        ada["email"],
        audience=API,
        scope="openid profile read:bookings write:bookings",
    )
    claims = jwt.decode(
        tokens["access_token"],
        jwks_key(emulator, tokens["access_token"]).key,
        algorithms=["RS256"],
        audience=API,
        issuer=f"{emulator.url}/",
    )

    assert claims["aud"] == [API, f"{emulator.url}/userinfo"]
    assert claims["sub"] == ada["user_id"]
    assert claims["azp"] == client["client_id"]
    # RBAC: write:bookings was asked for but no role grants it.
    assert claims["scope"] == "openid profile read:bookings"
    assert claims["permissions"] == ["read:bookings"]
    assert claims["exp"] - claims["iat"] == 7200
    assert "org_id" not in claims
    assert tokens["expires_in"] == 7200
    assert tokens["token_type"] == "Bearer"


def test_access_token_without_openid_has_a_single_audience(emulator, store, client, ada):
    seed_api(store)

    tokens = sign_in(emulator.url, client, ada["email"], audience=API, scope="read:bookings")

    claims = jwt.decode(tokens["access_token"], options={"verify_signature": False})
    assert claims["aud"] == API
    assert "id_token" not in tokens


def test_permissions_are_left_out_without_the_authz_dialect(emulator, store, client, ada):
    seed_api(store, token_dialect="access_token")
    seed_global_role(store, ada, seed_role(store, "reader", ["read:bookings"]))

    tokens = sign_in(emulator.url, client, ada["email"], audience=API)

    assert "permissions" not in jwt.decode(
        tokens["access_token"], options={"verify_signature": False}
    )


def test_without_audience_the_access_token_is_opaque_and_works_at_userinfo(emulator, client, ada):
    tokens = sign_in(emulator.url, client, ada["email"])

    assert tokens["access_token"].count(".") != 2
    profile = requests.get(
        f"{emulator.url}/userinfo",
        headers={"Authorization": f"Bearer {tokens['access_token']}"},
        timeout=TIMEOUT,
    )
    assert profile.status_code == 200
    assert profile.json()["sub"] == ada["user_id"]
    assert profile.json()["email"] == ada["email"]


def test_userinfo_accepts_a_jwt_with_the_userinfo_audience(emulator, store, client, ada):
    seed_api(store)
    tokens = sign_in(emulator.url, client, ada["email"], audience=API, scope="openid profile")

    profile = requests.get(
        f"{emulator.url}/userinfo",
        headers={"Authorization": f"Bearer {tokens['access_token']}"},
        timeout=TIMEOUT,
    ).json()

    assert profile["sub"] == ada["user_id"]
    assert profile["name"] == "Ada Lovelace"
    assert "email" not in profile


def test_userinfo_refuses_a_token_without_the_userinfo_audience(emulator, store, client, ada):
    seed_api(store)
    tokens = sign_in(emulator.url, client, ada["email"], audience=API, scope="read:bookings")

    response = requests.get(
        f"{emulator.url}/userinfo",
        headers={"Authorization": f"Bearer {tokens['access_token']}"},
        timeout=TIMEOUT,
    )

    assert response.status_code == 401


def test_refresh_token_needs_offline_access_and_an_api_that_allows_it(emulator, store, ada):
    client = seed_client(store)
    seed_api(store, allow_offline_access=False)

    with_offline = sign_in(emulator.url, client, ada["email"], scope="openid offline_access")
    api_refuses = sign_in(
        emulator.url, client, ada["email"], audience=API, scope="openid offline_access"
    )

    assert with_offline["scope"] == "openid offline_access"
    assert "refresh_token" in with_offline
    assert "refresh_token" not in api_refuses
    assert api_refuses["scope"] == "openid"


def test_replayed_code_fails_and_revokes_the_refresh_token_it_gave(emulator, client, ada):
    code, verifier = signed_in_code(emulator, client, ada["email"], scope="openid offline_access")
    first = exchange_code(emulator.url, client, code, code_verifier=verifier).json()

    replay = exchange_code(emulator.url, client, code, code_verifier=verifier)

    assert replay.status_code == 403
    assert replay.json() == {
        "error": "invalid_grant",
        "error_description": "Invalid authorization code",
    }
    assert refresh(emulator.url, client, first["refresh_token"]).status_code == 403


def test_pkce_verifier_mismatch_fails(emulator, client, ada):
    code, _ = signed_in_code(emulator, client, ada["email"])

    response = exchange_code(emulator.url, client, code, code_verifier="x" * 43)

    assert response.status_code == 403
    assert response.json()["error_description"] == "Failed to verify code verifier"


def test_missing_pkce_verifier_fails(emulator, client, ada):
    code, _ = signed_in_code(emulator, client, ada["email"])

    response = exchange_code(emulator.url, client, code)

    assert response.json()["error"] == "invalid_grant"


def test_plain_pkce_is_supported(emulator, client, ada):
    verifier = "plain-verifier-" + "v" * 40
    callback = Browser(emulator.url).login(
        client, ada["email"], code_challenge=verifier, code_challenge_method="plain"
    )

    response = exchange_code(emulator.url, client, callback["code"], code_verifier=verifier)

    assert response.status_code == 200


def test_redirect_uri_must_match_the_authorize_request(emulator, store, ada):
    client = seed_client(store, callbacks=[CALLBACK, "https://app.example.test/other"])
    code, verifier = signed_in_code(emulator, client, ada["email"])

    response = exchange_code(
        emulator.url,
        client,
        code,
        code_verifier=verifier,
        redirect_uri="https://app.example.test/other",
    )

    assert response.status_code == 403
    assert response.json()["error"] == "invalid_grant"


def test_code_expires_after_sixty_seconds(emulator, store, client, ada):
    code, verifier = signed_in_code(emulator, client, ada["email"])
    doc = store.get("codes", code)
    store.put("codes", code, {**doc, "expires_at": time.time() - 1})

    response = exchange_code(emulator.url, client, code, code_verifier=verifier)

    assert response.json()["error_description"] == "Invalid authorization code"


def test_code_of_another_client_fails(emulator, store, client, ada):
    other = seed_client(store)
    code, verifier = signed_in_code(emulator, client, ada["email"])

    response = exchange_code(emulator.url, other, code, code_verifier=verifier)

    assert response.json()["error"] == "invalid_grant"


def test_wrong_client_secret_is_401_access_denied(emulator, client, ada):
    code, verifier = signed_in_code(emulator, client, ada["email"])

    response = exchange_code(
        emulator.url, {**client, "client_secret": "wrong"}, code, code_verifier=verifier
    )

    assert response.status_code == 401
    assert response.json() == {"error": "access_denied", "error_description": "Unauthorized"}
    assert response.headers["Cache-Control"] == "no-store"


def test_http_basic_client_authentication_with_a_json_body(emulator, client, ada):
    code, verifier = signed_in_code(emulator, client, ada["email"])
    basic = base64.b64encode(f"{client['client_id']}:{client['client_secret']}".encode())

    response = requests.post(
        f"{emulator.url}/oauth/token",
        json={
            "grant_type": "authorization_code",
            "code": code,
            "code_verifier": verifier,
            "redirect_uri": CALLBACK,
        },
        headers={"Authorization": f"Basic {basic.decode()}"},
        timeout=TIMEOUT,
    )

    assert response.status_code == 200, response.text
    assert "access_token" in response.json()


def test_grant_type_the_client_lacks_is_unauthorized_client(emulator, client):
    response = token_request(
        emulator.url,
        grant_type="client_credentials",
        client_id=client["client_id"],
        client_secret=client["client_secret"],
        audience=API,
    )

    assert response.status_code == 403
    assert response.json() == {
        "error": "unauthorized_client",
        "error_description": "Grant type 'client_credentials' not allowed for the client.",
    }


def test_missing_and_unknown_grant_types_are_refused(emulator, client):
    missing = token_request(emulator.url, client_id=client["client_id"])
    unknown = token_request(emulator.url, grant_type="password", client_id=client["client_id"])

    assert missing.json()["error_description"] == "Missing required parameter: grant_type"
    assert unknown.json()["error"] == "unsupported_grant_type"
