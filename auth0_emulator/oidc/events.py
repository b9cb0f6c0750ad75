"""Auth0's post-login ``event`` object, and running the Post-Login Actions on it."""

from __future__ import annotations

from typing import Any

from werkzeug.wrappers import Request

from ..actions import run_post_login
from ..errors import OAuthError
from ..tenant import DATABASE_CONNECTION, iso_now
from .logins import Login

# Auth0 names a tenant by its subdomain; the emulated tenant has none.
TENANT_ID = "emulator"

# event.transaction.protocol for the two exchanges that run the trigger.
CODE_EXCHANGE = "oidc-basic-profile"
REFRESH_TOKEN_EXCHANGE = "oauth2-refresh-token"


def post_login_claims(
    emulator, login: Login, request: Request, protocol: str
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Custom (access token, ID token) claims from the Actions; a denial refuses the exchange."""
    result = run_post_login(emulator, post_login_event(emulator, login, request, protocol))
    if result.denied is not None:
        raise OAuthError("access_denied", result.denied, 403)
    return result.access_token_claims, result.id_token_claims


def post_login_event(emulator, login: Login, request: Request, protocol: str) -> dict[str, Any]:
    grant, user, client = login.grant, login.user, login.client
    event = {
        "user": {name: value for name, value in user.items() if not name.startswith("_")},
        "client": {
            "client_id": client["client_id"],
            "name": client.get("name", ""),
            "metadata": client.get("client_metadata") or {},
        },
        "connection": _connection(emulator),
        "authentication": {
            "methods": [{"name": "pwd", "timestamp": iso_now(grant.auth_time)}],
        },
        "authorization": {"roles": [role["name"] for role in login.roles]},
        "transaction": {
            "requested_scopes": grant.scopes,
            "protocol": protocol,
            "locale": "en",
            "ui_locales": [],
            "acr_values": [],
        },
        "request": _request(request),
        "stats": {"logins_count": user.get("logins_count", 0)},
        "tenant": {"id": TENANT_ID},
        "secrets": {},
    }
    if login.organization is not None:
        event["organization"] = _organization(login.organization)
    if grant.audience:
        event["resource_server"] = {"identifier": grant.audience}
    if grant.session_id:
        event["session"] = {"id": grant.session_id}
    return event


def _connection(emulator) -> dict[str, Any]:
    connection = emulator.store.get("connections", DATABASE_CONNECTION) or {}
    return {
        "id": connection.get("id", ""),
        "name": DATABASE_CONNECTION,
        "strategy": "auth0",
        "metadata": connection.get("metadata") or {},
    }


def _organization(organization: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": organization["id"],
        "name": organization["name"],
        "display_name": organization.get("display_name", organization["name"]),
        "metadata": organization.get("metadata") or {},
    }


def _request(request: Request) -> dict[str, Any]:
    return {
        "ip": request.remote_addr,
        "hostname": request.host.split(":")[0],
        "method": request.method,
        "user_agent": request.user_agent.string,
        "language": "en",
        "geoip": {},
        # The request is the token exchange, whose body holds credentials: none of it is shown.
        "query": {},
        "body": {},
    }
