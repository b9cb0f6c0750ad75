"""The emulator answers the Management API exchanges recorded against a real Auth0 tenant with
the same status codes and the same shapes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .mgmt_client import RawApi, management_client
from .mgmt_replay import IdTranslation, shape_differences
from .mgmt_seed import create_user

RECORDINGS = Path(__file__).resolve().parents[1] / "fixtures" / "auth0-recorded-traffic"
PREFIX = "/api/v2/"

# Recordings of features the emulator leaves out (see docs/emulator.md): enterprise
# connections enabled on an organization, and private-key-JWT client credentials.
NOT_EMULATED_RECORDINGS = {"TestOrganizationManager_Create"}


# Differences that come from the recording, not from the emulator.
EXPECTED_DIFFERENCES = {
    ".dependencies[0].registry_url: missing": "Auth0 lists an npm dependency's registry_url"
    " until the action is built; the emulator builds it at once",
    "$.client_secret: not recorded": "the 2023 recordings dropped secrets; Auth0 returns one"
    " for a new client (the 2024 recording shows it, redacted)",
}


def _unexpected(difference: str) -> bool:
    return not any(difference.endswith(expected) for expected in EXPECTED_DIFFERENCES)


def _not_emulated(exchange: dict) -> bool:
    path = exchange["path"]
    listing_refresh_tokens = exchange["method"] == "GET" and path.endswith("/refresh-tokens")
    return path.startswith(PREFIX + "connections") or listing_refresh_tokens


def _recordings() -> list[Path]:
    paths = sorted(RECORDINGS.glob("*.json"))
    if not paths:
        # An empty parameter list would only skip the test; a missing fixture must fail.
        raise FileNotFoundError(f"no recorded traffic in {RECORDINGS}")
    return [path for path in paths if path.stem not in NOT_EMULATED_RECORDINGS]


def _recorded_tenant(emulator) -> IdTranslation:
    """The recording tenant's setup: a default login route, and a user behind "UserID"."""
    client = management_client(emulator)
    client.tenants.settings.update(default_redirection_uri="https://mycompany.org/login")
    user = create_user(client, "recorded-user@example.com")
    return IdTranslation({"UserID": user.user_id})


def _replay(api: RawApi, ids: IdTranslation, exchange: dict) -> list[str]:
    body = exchange["request_body"]
    response = api.call(
        exchange["method"],
        ids.path(exchange["path"]).removeprefix(PREFIX),
        params=ids.value(exchange["query"]),
        json=ids.value(body) if body is not None else None,
    )
    actual = response.json() if response.content else None
    recorded = exchange["response_body"]
    ids.learn(recorded, actual)
    where = f"{exchange['method']} {exchange['path']}"
    if response.status_code != exchange["status"]:
        return [f"{where}: recorded {exchange['status']}, emulator {response.status_code}"]
    return [f"{where} {difference}" for difference in shape_differences(recorded, actual)]


@pytest.mark.parametrize("recording", _recordings(), ids=lambda path: path.stem)
def test_the_emulator_answers_like_the_recorded_tenant(emulator, recording):
    exchanges = json.loads(recording.read_text())["exchanges"]
    ids = _recorded_tenant(emulator)
    api = RawApi(emulator)

    differences = [
        difference
        for exchange in exchanges
        if not _not_emulated(exchange)
        for difference in _replay(api, ids, exchange)
        if _unexpected(difference)
    ]

    assert differences == []
