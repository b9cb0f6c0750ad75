"""Talking to the emulator's Management API the way the portal does, and raw for the details.

``management_client`` is auth0-python's own client, so its typed models must parse every
answer; ``RawApi`` is plain ``requests`` for status codes, headers and exact error bodies.
"""

from __future__ import annotations

import requests
from auth0.management import Auth0

from auth0_emulator.server import EmulatorServer
from auth0_emulator.tenant import management_audience

TIMEOUT_SECONDS = 10


def management_token(server: EmulatorServer, scopes: tuple[str, ...] = ()) -> str:
    """The portal's Management client's token from POST /oauth/token (client credentials),
    narrowed to ``scopes`` when given (its client grant has them all)."""
    config = server.emulator.config
    form = {
        "grant_type": "client_credentials",
        "client_id": config.management_client_id,
        "client_secret": config.management_client_secret,
        "audience": management_audience(server.emulator),
    }
    if scopes:
        form["scope"] = " ".join(scopes)
    response = requests.post(f"{server.url}/oauth/token", data=form, timeout=TIMEOUT_SECONDS)
    response.raise_for_status()
    return response.json()["access_token"]


def management_client(server: EmulatorServer, *, token: str | None = None, **options) -> Auth0:
    """auth0-python's Management client against the emulator; no retries unless asked for."""
    options.setdefault("max_retries", 0)
    options.setdefault("timeout", TIMEOUT_SECONDS)
    return Auth0(
        base_url=f"{server.url}/api/v2", token=token or management_token(server), **options
    )


class RawApi:
    """``requests`` against ``/api/v2/`` with a bearer token (or none)."""

    def __init__(self, server: EmulatorServer, token: str | None = "") -> None:
        self.base_url = f"{server.url}/api/v2/"
        self.session = requests.Session()
        token = management_token(server) if token == "" else token
        if token:
            self.session.headers["Authorization"] = f"Bearer {token}"

    def call(self, method: str, path: str, **kwargs) -> requests.Response:
        kwargs.setdefault("timeout", TIMEOUT_SECONDS)
        return self.session.request(method, self.base_url + path.lstrip("/"), **kwargs)

    def get(self, path: str, **kwargs) -> requests.Response:
        return self.call("GET", path, **kwargs)

    def post(self, path: str, body=None, **kwargs) -> requests.Response:
        return self.call("POST", path, json=body, **kwargs)

    def patch(self, path: str, body=None, **kwargs) -> requests.Response:
        return self.call("PATCH", path, json=body, **kwargs)

    def delete(self, path: str, body=None, **kwargs) -> requests.Response:
        return self.call("DELETE", path, json=body, **kwargs)


def fields_of(model) -> dict:
    """What an auth0-python model received, so answers of different endpoints compare."""
    return model.model_dump(exclude_none=True)
