"""A restarted emulator on the same state file is the same tenant: data, keys and tokens."""

from __future__ import annotations

import requests

from auth0_emulator.server import EmulatorServer
from tests.conftest import emulator_config

from .mgmt_client import TIMEOUT_SECONDS, RawApi, management_client, management_token
from .mgmt_seed import create_user


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
