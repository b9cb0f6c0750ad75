"""GET/POST /authorize: check the request the way Auth0 does, then start the sign-in."""

from __future__ import annotations

from typing import Any

from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Request, Response

from ..resource_servers import resource_server_by_identifier
from .browser import ClientRefusal, ErrorPage, ReplyTo, browser_route
from .clients import client_get, client_requires_organization
from .flow import sign_in_continue
from .logins import requested_audience
from .organizations import (
    invitation_for,
    organization_by_name,
    organization_get,
    organization_names_allowed,
)
from .transactions import transaction_new

RESPONSE_MODES = ("query", "fragment", "form_post")
PKCE_METHODS = ("S256", "plain")


@browser_route("/authorize", methods=["GET", "POST"])
def authorize(emulator, request: Request) -> Response:
    params = request.values
    client = _client(emulator, params.get("client_id"))
    reply_to = _reply_to(client, params)
    _check_response_type(reply_to, params.get("response_type"))
    code_challenge, code_challenge_method = _pkce(reply_to, params)
    organization = _organization(emulator, reply_to, client, params.get("organization"))
    prompts = (params.get("prompt") or "").split()
    transaction = transaction_new(
        request,
        client_id=client["client_id"],
        redirect_uri=reply_to.redirect_uri,
        response_mode=reply_to.response_mode,
        state=reply_to.state,
        nonce=params.get("nonce"),
        scopes=(params.get("scope") or "openid").split(),
        audience=_audience(emulator, reply_to, params.get("audience")),
        code_challenge=code_challenge,
        code_challenge_method=code_challenge_method,
        organization_id=organization["id"] if organization else None,
        invitation=_invitation(emulator, reply_to, params.get("invitation"), organization),
        login_hint=params.get("login_hint"),
        force_login="login" in prompts,
        no_interaction="none" in prompts,
    )
    return sign_in_continue(emulator, request, transaction)


def _client(emulator, client_id: str | None) -> dict[str, Any]:
    if not client_id:
        raise ErrorPage("invalid_request: Missing required parameter: client_id")
    client = client_get(emulator, client_id)
    if client is None:
        raise ErrorPage(f"invalid_request: Unknown client: {client_id}")
    return client


def _reply_to(client: dict[str, Any], params: MultiDict) -> ReplyTo:
    """Where refusals may go from here on: only to a callback the client registered."""
    redirect_uri = params.get("redirect_uri")
    if not redirect_uri:
        raise ErrorPage("invalid_request: Missing required parameter: redirect_uri")
    if redirect_uri not in client.get("callbacks", []):
        raise ErrorPage(
            f"Callback URL mismatch. {redirect_uri} is not in the list of allowed callback URLs "
            f"of the application {client.get('name', client['client_id'])}."
        )
    mode = params.get("response_mode") or "query"
    reply_to = ReplyTo(
        redirect_uri, params.get("state"), mode if mode in RESPONSE_MODES else "query"
    )
    if mode not in RESPONSE_MODES:
        raise ClientRefusal(reply_to, "invalid_request", f"Unsupported response_mode: {mode}")
    return reply_to


def _check_response_type(reply_to: ReplyTo, response_type: str | None) -> None:
    if not response_type:
        raise ClientRefusal(
            reply_to, "invalid_request", "Missing required parameter: response_type"
        )
    if response_type != "code":
        raise ClientRefusal(
            reply_to, "unsupported_response_type", f"Unsupported response type: {response_type}"
        )


def _pkce(reply_to: ReplyTo, params: MultiDict) -> tuple[str | None, str | None]:
    challenge = params.get("code_challenge")
    if not challenge:
        return None, None
    method = params.get("code_challenge_method") or "plain"  # RFC 7636 4.3
    if method not in PKCE_METHODS:
        raise ClientRefusal(
            reply_to, "invalid_request", f"Unsupported code_challenge_method: {method}"
        )
    return challenge, method


def _audience(emulator, reply_to: ReplyTo, requested: str | None) -> str | None:
    audience = requested_audience(emulator, requested)
    if audience and resource_server_by_identifier(emulator.store, audience) is None:
        raise ClientRefusal(reply_to, "access_denied", f"Service not found: {audience}")
    return audience


def _organization(
    emulator, reply_to: ReplyTo, client: dict[str, Any], requested: str | None
) -> dict[str, Any] | None:
    """The organization asked for, as the client's organization settings allow it."""
    if not requested:
        if client_requires_organization(client, "no_prompt"):
            raise ClientRefusal(
                reply_to, "invalid_request", "parameter organization is required for this client"
            )
        return None
    if client.get("organization_usage", "deny") == "deny":
        raise ClientRefusal(
            reply_to, "invalid_request", "parameter organization is not allowed for this client"
        )
    if requested.startswith("org_"):
        organization = organization_get(emulator, requested)
    elif organization_names_allowed(emulator):
        organization = organization_by_name(emulator, requested)
    else:
        raise ClientRefusal(
            reply_to,
            "invalid_request",
            "authorization request parameter organization must be an organization id",
        )
    if organization is None:
        raise ClientRefusal(
            reply_to, "invalid_request", f"no organization found by that id or name: {requested}"
        )
    return organization


def _invitation(
    emulator, reply_to: ReplyTo, ticket: str | None, organization: dict[str, Any] | None
) -> str | None:
    if not ticket:
        return None
    if organization is None:
        raise ClientRefusal(
            reply_to, "invalid_request", "parameter organization is required with invitation"
        )
    invitation_for(emulator, ticket, organization["id"])  # an error page unless usable
    return ticket
