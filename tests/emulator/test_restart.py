"""A restarted emulator on the same state file is the same tenant: data, keys, tokens and the
sign-ins in progress (refresh tokens, SSO sessions)."""

from __future__ import annotations

import jwt
import requests

from auth0_emulator.server import EmulatorServer
from tests.conftest import emulator_config

from .mgmt_client import TIMEOUT_SECONDS, RawApi, management_client, management_token
from .mgmt_seed import create_user
from .oidc_support import (
    Browser,
    exchange_code,
    pkce_pair,
    refresh,
    seed_client,
    seed_user,
)


def _jwks(server: EmulatorServer) -> dict:
    return requests.get(f"{server.url}/.well-known/jwks.json", timeout=TIMEOUT_SECONDS).json()


def _fill(server: EmulatorServer) -> dict:
    client = management_client(server)
    org = client.organizations.create(name="acme", metadata={"plan": "pro"})
    user = create_user(client, "ann@example.com", app_metadata={"org": {"v": 1}})
    role = client.roles.create(name="admin")
    client.organizations.members.roles.assign(org.id, user.user_id, roles=[role.id])
    action = client.actions.create(
        name="claims",
        code="exports.onExecutePostLogin = async () => {};",
        supported_triggers=[{"id": "post-login", "version": "v3"}],
    )
    client.actions.deploy(action.id)
    return {"org": org.id, "user": user.user_id, "role": role.id, "action": action.id}


def test_state_keys_and_tokens_survive_a_restart(tmp_path):
    first = EmulatorServer(emulator_config(tmp_path)).start()
    try:
        ids = _fill(first)
        token = management_token(first)
        keys_before = _jwks(first)
    finally:
        first.stop()

    # Same port, so the issuer (the base URL) and the tokens it signed stay valid.
    second = EmulatorServer(emulator_config(tmp_path, port=first.port)).start()
    try:
        client = management_client(second, token=token)
        members = list(client.organizations.members.list(ids["org"], fields="user_id,roles"))
        assert client.organizations.get(ids["org"]).metadata == {"plan": "pro"}
        assert client.users.get(ids["user"]).app_metadata == {"org": {"v": 1}}
        assert [(m.user_id, [r.id for r in m.roles]) for m in members] == [
            (ids["user"], [ids["role"]])
        ]
        assert client.actions.get(ids["action"]).all_changes_deployed is True
        assert _jwks(second) == keys_before
        assert RawApi(second, token=token).get("organizations").status_code == 200
    finally:
        second.stop()


def test_a_refresh_token_and_an_sso_session_survive_a_restart(tmp_path):
    first = EmulatorServer(emulator_config(tmp_path)).start()
    try:
        store = first.emulator.store
        client, ada = seed_client(store), seed_user(store, "ada@example.test")
        browser = Browser(first.url)
        tokens = _code_tokens(first, browser, client, ada["email"], scope="openid offline_access")
    finally:
        first.stop()

    second = EmulatorServer(emulator_config(tmp_path, port=first.port)).start()
    try:
        refreshed = refresh(second.url, client, tokens["refresh_token"])
        # The same browser, its auth0 cookie kept: no login page this time.
        again = _code_tokens(second, browser, client)
        sessions = (_sid(second, tokens), _sid(second, again))
    finally:
        second.stop()

    assert refreshed.status_code == 200, refreshed.text
    assert refreshed.json()["refresh_token"] != tokens["refresh_token"]
    assert sessions[0] == sessions[1]


def _code_tokens(server, browser, client, email=None, **params) -> dict:
    """The tokens for one sign-in: through the login page with ``email``, else the session."""
    verifier, challenge = pkce_pair()
    pkce = {"code_challenge": challenge, "code_challenge_method": "S256", **params}
    login = browser.login(client, email, **pkce) if email else browser.authorize(client, **pkce)
    assert isinstance(login, dict) and "code" in login, login
    response = exchange_code(server.url, client, login["code"], code_verifier=verifier)
    assert response.status_code == 200, response.text
    return response.json()


def _sid(server, tokens: dict) -> str:
    """The SSO session an ID token belongs to (its signature checked)."""
    token = tokens["id_token"]
    key = jwt.PyJWKClient(f"{server.url}/.well-known/jwks.json").get_signing_key_from_jwt(token)
    claims = jwt.decode(token, key.key, algorithms=["RS256"], options={"verify_aud": False})
    return claims["sid"]
