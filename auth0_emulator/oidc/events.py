"""Auth0's post-login ``event`` object, and running the Post-Login Actions on it.

As at Auth0, the trigger runs twice in a user's life with a client: at the end of an
interactive login, before the browser is sent back to the application (the claims it sets are
kept with the authorization code), and at every refresh-token exchange. Client credentials
never run it.
"""

from __future__ import annotations

from typing import Any

from werkzeug.wrappers import Request

from ..actions import PostLoginResult, run_post_login
from ..tenant import DATABASE_CONNECTION, iso_now
from .logins import Login
from .transactions import Transaction

# Auth0 names a tenant by its subdomain; the emulated tenant has none.
TENANT_ID = "emulator"

# event.transaction.protocol of the two runs.
SIGN_IN = "oidc-basic-profile"
REFRESH_TOKEN_EXCHANGE = "oauth2-refresh-token"


def post_login_on_sign_in(
    emulator, login: Login, request: Request, transaction: Transaction
) -> PostLoginResult:
    """The trigger at the end of a login; ``request`` is the browser's last one."""
    event = _event(
        emulator,
        login,
        request=_sign_in_request(request, transaction),
        transaction=_sign_in_transaction(transaction),
    )
    return run_post_login(emulator, event)


def post_login_on_refresh(emulator, login: Login, request: Request) -> PostLoginResult:
    """The trigger at a refresh-token exchange; ``request`` is the POST to /oauth/token."""
    # The exchange's body holds the client's credentials and the refresh token: none is shown.
    event = _event(
        emulator,
        login,
        request=_request(request, method=request.method, query={}, body={}),
        transaction={
            **_DEFAULT_TRANSACTION,
            "protocol": REFRESH_TOKEN_EXCHANGE,
            "requested_scopes": login.grant.scopes,
        },
    )
    return run_post_login(emulator, event)


def _event(
    emulator, login: Login, *, request: dict[str, Any], transaction: dict[str, Any]
) -> dict[str, Any]:
    grant, client = login.grant, login.client
    event = {
        "user": _user(login.user),
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
        "transaction": transaction,
        "request": request,
        "stats": {"logins_count": login.user.get("logins_count", 0)},
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


_DEFAULT_TRANSACTION = {"locale": "en", "ui_locales": [], "acr_values": []}
_LISTED_PARAMETERS = ("prompt", "ui_locales", "acr_values")


def _sign_in_transaction(transaction: Transaction) -> dict[str, Any]:
    query = transaction.initiating_request["query"]
    details = {
        **_DEFAULT_TRANSACTION,
        "id": transaction.id,
        "protocol": SIGN_IN,
        "requested_scopes": transaction.scopes,
        "redirect_uri": transaction.redirect_uri,
        "response_mode": transaction.response_mode,
        "response_type": ["code"],
        "state": transaction.state,
        "login_hint": transaction.login_hint,
        # Lists Auth0 takes from the /authorize parameters of the same names.
        **{name: query[name].split() for name in _LISTED_PARAMETERS if name in query},
    }
    return {name: value for name, value in details.items() if value is not None}


def _sign_in_request(request: Request, transaction: Transaction) -> dict[str, Any]:
    """The /authorize request that started the login, as seen from the browser now."""
    initiating = transaction.initiating_request
    return _request(
        request, method=initiating["method"], query=initiating["query"], body=initiating["body"]
    )


def _request(request: Request, *, method: str, query: dict, body: dict) -> dict[str, Any]:
    details = {
        "ip": request.remote_addr,
        "hostname": request.host.split(":")[0],
        "method": method,
        "user_agent": request.user_agent.string,
        "geoip": {},
        "query": query,
        "body": body,
    }
    language = request.accept_languages.best
    return {**details, "language": language} if language else details


def _user(user: dict[str, Any]) -> dict[str, Any]:
    """The user without internal fields; Auth0 always gives both metadata objects."""
    shown = {name: value for name, value in user.items() if not name.startswith("_")}
    shown["app_metadata"] = user.get("app_metadata") or {}
    shown["user_metadata"] = user.get("user_metadata") or {}
    return shown


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
