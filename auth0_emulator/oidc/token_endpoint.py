"""POST /oauth/token (authorization_code, refresh_token, client_credentials), /oauth/revoke."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Request, Response

from ..actions import PostLoginResult
from ..errors import OAuthError, json_response
from ..memberships import membership_get
from ..resource_servers import resource_server_by_identifier
from . import router
from .clients import client_allows_grant, client_authenticate
from .codes import code_redeem
from .events import post_login_on_refresh
from .logins import Grant, Login, login_load, requested_audience
from .organizations import not_a_member
from .refresh_tokens import (
    refresh_token_grant,
    refresh_token_issue,
    refresh_token_revoke,
    refresh_token_spend,
)
from .tokens import (
    access_token_for,
    granted_scopes,
    id_token_for,
    machine_access_token,
    token_response,
)


@router.route("/oauth/token", methods=["POST"])
def token(emulator, request: Request) -> Response:
    try:
        body = _exchange(emulator, request, _params(request))
    except OAuthError as refusal:
        return refusal.response()
    response = json_response(body)
    response.headers["Cache-Control"] = "no-store"
    response.headers["Pragma"] = "no-cache"
    return response


@router.route("/oauth/revoke", methods=["POST"])
def revoke(emulator, request: Request) -> Response:
    """RFC 7009, as Auth0 does it: refresh tokens only, 200 whether or not it was known."""
    try:
        params = _params(request)
        client = client_authenticate(emulator, request, params)
        refresh_token_revoke(emulator, _required(params, "token"), client["client_id"])
    except OAuthError as refusal:
        return refusal.response()
    return Response(status=200)


def _exchange(emulator, request: Request, params: MultiDict) -> dict[str, Any]:
    grant_type = _required(params, "grant_type")
    exchange = _EXCHANGES.get(grant_type)
    if exchange is None:
        raise OAuthError("unsupported_grant_type", f"Unsupported grant type: {grant_type}")
    client = client_authenticate(emulator, request, params)
    if not client_allows_grant(client, grant_type):
        raise OAuthError(
            "unauthorized_client", f"Grant type '{grant_type}' not allowed for the client.", 403
        )
    return exchange(emulator, request, client, params)


def _authorization_code(emulator, request, client, params) -> dict[str, Any]:
    redeemed = code_redeem(
        emulator,
        _required(params, "code"),
        client_id=client["client_id"],
        redirect_uri=params.get("redirect_uri"),
        code_verifier=params.get("code_verifier"),
    )
    # The Post-Login Actions ran at the login; the code carries what they set.
    body = _user_tokens(emulator, _still_allowed(emulator, redeemed.grant), redeemed.post_login)
    if "offline_access" in body["scope"].split():
        body["refresh_token"] = refresh_token_issue(
            emulator, redeemed.grant, client=client, family_id=redeemed.family_id, expires_at=None
        )
    return body


def _refresh_token(emulator, request, client, params) -> dict[str, Any]:
    spent = refresh_token_spend(emulator, _required(params, "refresh_token"), client["client_id"])
    grant = refresh_token_grant(spent)
    login = _still_allowed(emulator, grant)
    if params.get("scope"):
        # A refresh may ask for less than was granted, never for more.
        narrowed = [s for s in grant.scopes if s in params["scope"].split()]
        login = replace(login, grant=replace(grant, scopes=narrowed))
    body = _user_tokens(emulator, login, _post_login_on_refresh(emulator, login, request))
    if spent["rotating"]:
        body["refresh_token"] = refresh_token_issue(
            emulator,
            grant,
            client=client,
            family_id=spent["_family_id"],
            expires_at=spent["expires_at"],
        )
    return body


def _client_credentials(emulator, request, client, params) -> dict[str, Any]:
    audience = requested_audience(emulator, params.get("audience"))
    if not audience:
        raise OAuthError(
            "access_denied",
            "No audience parameter was provided, and no default audience has been configured",
            403,
        )
    api = resource_server_by_identifier(emulator.store, audience)
    if api is None:
        raise OAuthError("access_denied", f"Service not found: {audience}", 403)
    scopes = _machine_scopes(emulator, client["client_id"], audience, params.get("scope"))
    access_token, expires_in = machine_access_token(emulator, client["client_id"], api, scopes)
    return token_response(access_token, expires_in, scopes)


_EXCHANGES = {
    "authorization_code": _authorization_code,
    "refresh_token": _refresh_token,
    "client_credentials": _client_credentials,
}


def _post_login_on_refresh(emulator, login: Login, request: Request) -> PostLoginResult:
    """The Post-Login Actions run again at every refresh; a denial refuses the exchange."""
    result = post_login_on_refresh(emulator, login, request)
    if result.denied is not None:
        raise OAuthError("access_denied", result.denied, 403)
    return result


def _user_tokens(emulator, login: Login, post_login: PostLoginResult) -> dict[str, Any]:
    scopes = granted_scopes(login)
    access_token, expires_in = access_token_for(
        emulator, login, scopes, post_login.access_token_claims
    )
    id_token = None
    if "openid" in scopes:
        id_token = id_token_for(emulator, login, scopes, post_login.id_token_claims)
    return token_response(access_token, expires_in, scopes, id_token=id_token)


def _still_allowed(emulator, grant: Grant) -> Login:
    """The grant's login, unless the user is gone, blocked or no longer in the organization."""
    login = login_load(emulator, grant)
    if login is None:
        raise OAuthError(
            "invalid_grant",
            "The refresh_token was generated for a user who doesn't exist anymore.",
            403,
        )
    if login.user.get("blocked"):
        raise OAuthError("unauthorized", "user is blocked", 401)
    org_id = grant.organization_id
    if org_id and membership_get(emulator.store, org_id, grant.user_id) is None:
        raise OAuthError("access_denied", not_a_member(grant.user_id, org_id), 403)
    return login


def _machine_scopes(emulator, client_id: str, audience: str, requested: str | None) -> list[str]:
    """The scopes a client grant gives for ``audience``, narrowed to those requested."""
    client_grant = emulator.store.first(
        "client_grants", lambda g: g["client_id"] == client_id and g["audience"] == audience
    )
    if client_grant is None:
        raise OAuthError(
            "access_denied",
            f'Client is not authorized to access "{audience}". You need to create a '
            '"client-grant" associated to this API. '
            "See: https://auth0.com/docs/api/v2#!/Client_Grants/post_client_grants",
            403,
        )
    granted = client_grant.get("scope", [])
    if not requested:
        return granted
    wanted = requested.split()
    missing = [scope for scope in wanted if scope not in granted]
    if missing:
        raise OAuthError(
            "access_denied", f"Client has not been granted scopes: {', '.join(missing)}", 403
        )
    return wanted


def _params(request: Request) -> MultiDict:
    """Auth0 takes the token request form-encoded or as JSON."""
    if request.is_json:
        body = request.get_json(silent=True)
        return MultiDict(body if isinstance(body, dict) else {})
    return request.form


def _required(params: MultiDict, name: str) -> str:
    value = params.get(name)
    if not value:
        raise OAuthError("invalid_request", f"Missing required parameter: {name}")
    return value
