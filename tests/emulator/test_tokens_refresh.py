"""POST /oauth/token with refresh_token: rotation, reuse detection, revocation."""

from __future__ import annotations

import jwt
import pytest
import requests

from auth0_emulator.tenant import iso_now

from .mgmt_client import management_client
from .oidc_support import (
    API,
    TIMEOUT,
    refresh,
    seed_api,
    seed_client,
    seed_membership,
    seed_organization,
    seed_user,
    sign_in,
)

INVALID = {"error": "invalid_grant", "error_description": "Unknown or invalid refresh token."}


@pytest.fixture
def ada(store):
    return seed_user(store, "ada@example.test")


def offline_sign_in(emulator, client, user, **params) -> dict:
    return sign_in(emulator.url, client, user["email"], scope="openid offline_access", **params)


def test_refresh_rotates_the_token_and_issues_fresh_tokens(emulator, client, ada):
    first = offline_sign_in(emulator, client, ada)

    response = refresh(emulator.url, client, first["refresh_token"])

    assert response.status_code == 200, response.text
    body = response.json()
    assert set(body) == {
        "access_token",
        "id_token",
        "refresh_token",
        "scope",
        "expires_in",
        "token_type",
    }
    assert body["refresh_token"] != first["refresh_token"]
    id_claims = jwt.decode(body["id_token"], options={"verify_signature": False})
    assert id_claims["sub"] == ada["user_id"]
    assert "nonce" not in id_claims
    assert refresh(emulator.url, client, body["refresh_token"]).status_code == 200


def test_reusing_a_rotated_token_fails_and_revokes_the_family(emulator, client, ada):
    first = offline_sign_in(emulator, client, ada)
    second = refresh(emulator.url, client, first["refresh_token"]).json()

    reuse = refresh(emulator.url, client, first["refresh_token"])

    assert reuse.status_code == 403
    assert reuse.json() == INVALID
    assert refresh(emulator.url, client, second["refresh_token"]).json() == INVALID


def test_a_non_rotating_client_keeps_its_refresh_token(emulator, store, ada):
    client = seed_client(store, refresh_token={"rotation_type": "non-rotating"})
    first = offline_sign_in(emulator, client, ada)

    body = refresh(emulator.url, client, first["refresh_token"]).json()

    assert "refresh_token" not in body
    assert refresh(emulator.url, client, first["refresh_token"]).status_code == 200


def test_revoked_refresh_tokens_force_a_new_sign_in(emulator, client, ada):
    tokens = offline_sign_in(emulator, client, ada)

    management_client(emulator).users.refresh_token.delete(ada["user_id"])

    assert refresh(emulator.url, client, tokens["refresh_token"]).json() == INVALID


def test_refresh_token_of_another_client_fails(emulator, store, client, ada):
    tokens = offline_sign_in(emulator, client, ada)

    response = refresh(emulator.url, seed_client(store), tokens["refresh_token"])

    assert response.json() == INVALID


def test_idle_expired_refresh_token_fails(emulator, store, client, ada):
    tokens = offline_sign_in(emulator, client, ada)
    for doc in store.find("refresh_tokens", lambda t: t["user_id"] == ada["user_id"]):
        store.put("refresh_tokens", doc["id"], {**doc, "idle_expires_at": iso_now()})

    assert refresh(emulator.url, client, tokens["refresh_token"]).json() == INVALID


def test_refresh_can_narrow_but_not_widen_the_scope(emulator, store, client, ada):
    seed_api(store, enforce_policies=False)
    tokens = sign_in(
        emulator.url,
        client,
        ada["email"],
        audience=API,
        scope="openid offline_access read:bookings",
    )

    body = refresh(
        emulator.url, client, tokens["refresh_token"], scope="openid write:bookings"
    ).json()

    assert body["scope"] == "openid"
    later = refresh(emulator.url, client, body["refresh_token"]).json()
    assert later["scope"] == "openid offline_access read:bookings"


def test_a_blocked_user_can_no_longer_refresh(emulator, store, client, ada):
    tokens = offline_sign_in(emulator, client, ada)
    store.put("users", ada["user_id"], {**store.get("users", ada["user_id"]), "blocked": True})

    response = refresh(emulator.url, client, tokens["refresh_token"])

    assert response.status_code == 401
    assert response.json() == {"error": "unauthorized", "error_description": "user is blocked"}


def test_a_removed_member_can_no_longer_refresh_into_the_organization(emulator, store, client, ada):
    acme = seed_organization(store, "acme")
    seed_membership(store, acme, ada)
    tokens = offline_sign_in(emulator, client, ada, organization=acme["id"])
    store.delete("members", f"{acme['id']}|{ada['user_id']}")

    response = refresh(emulator.url, client, tokens["refresh_token"])

    assert response.status_code == 403
    assert response.json() == {
        "error": "access_denied",
        "error_description": f"user {ada['user_id']} is not part of the {acme['id']} organization",
    }


def test_missing_refresh_token_parameter_is_invalid_request(emulator, client):
    response = refresh(emulator.url, client, "")

    assert response.status_code == 400
    assert response.json()["error_description"] == "Missing required parameter: refresh_token"


def test_revoking_a_refresh_token_ends_its_family(emulator, client, ada):
    first = offline_sign_in(emulator, client, ada)
    second = refresh(emulator.url, client, first["refresh_token"]).json()

    revoked = requests.post(
        f"{emulator.url}/oauth/revoke",
        data={
            "client_id": client["client_id"],
            "client_secret": client["client_secret"],
            "token": second["refresh_token"],
        },
        timeout=TIMEOUT,
    )

    assert revoked.status_code == 200
    assert refresh(emulator.url, client, second["refresh_token"]).json() == INVALID


def test_revoking_an_unknown_token_is_not_an_error(emulator, client):
    response = requests.post(
        f"{emulator.url}/oauth/revoke",
        data={
            "client_id": client["client_id"],
            "client_secret": client["client_secret"],
            "token": "not-a-token",
        },
        timeout=TIMEOUT,
    )

    assert response.status_code == 200
