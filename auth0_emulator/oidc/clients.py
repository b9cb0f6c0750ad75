"""The tenant's applications, and how they prove who they are at /oauth/token."""

from __future__ import annotations

import hmac
from typing import Any
from urllib.parse import unquote

from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Request

from ..errors import OAuthError

# What Auth0 gives a client that was created without ``grant_types``.
DEFAULT_GRANT_TYPES = ["authorization_code", "implicit", "refresh_token", "client_credentials"]


def client_get(emulator, client_id: str | None) -> dict[str, Any] | None:
    return emulator.store.get("clients", client_id) if client_id else None


def client_authenticate(emulator, request: Request, params: MultiDict) -> dict[str, Any]:
    """The calling client, by HTTP Basic or client_secret_post (or id alone if public).

    Auth0 gives one answer, 401 ``access_denied``/``Unauthorized``, for an unknown client and
    for a wrong secret alike.
    """
    client_id, secret = _credentials(request, params)
    client = client_get(emulator, client_id)
    if client is None or not _secret_accepted(client, secret):
        raise OAuthError("access_denied", "Unauthorized", 401)
    return client


def client_allows_grant(client: dict[str, Any], grant_type: str) -> bool:
    return grant_type in client.get("grant_types", DEFAULT_GRANT_TYPES)


def client_requires_organization(client: dict[str, Any], behavior: str) -> bool:
    """Is an organization mandatory for this client and asked for in the given way?"""
    return (
        client.get("organization_usage") == "require"
        and client.get("organization_require_behavior", "no_prompt") == behavior
    )


def _credentials(request: Request, params: MultiDict) -> tuple[str, str | None]:
    auth = request.authorization
    if auth is not None and auth.type == "basic":
        # RFC 6749 2.3.1: both halves are form-urlencoded before they are joined.
        return unquote(auth.username or ""), unquote(auth.password or "")
    return params.get("client_id", ""), params.get("client_secret")


def _secret_accepted(client: dict[str, Any], secret: str | None) -> bool:
    if client.get("token_endpoint_auth_method") == "none":
        # Public clients (single-page and native apps) hold no secret; PKCE guards their codes.
        return True
    expected = client.get("client_secret") or ""
    return bool(secret) and hmac.compare_digest(secret.encode(), expected.encode())
