"""Ending the SSO session: Auth0's /v2/logout and OIDC RP-initiated logout (/oidc/logout)."""

from __future__ import annotations

import jwt
from werkzeug.utils import redirect
from werkzeug.wrappers import Request, Response

from .browser import ErrorPage, browser_route, render_page, with_query
from .clients import client_get
from .sessions import session_cookie_clear, session_end


@browser_route("/v2/logout")
def logout(emulator, request: Request) -> Response:
    return_to = request.args.get("returnTo")
    if return_to:
        _check_allowed(emulator, request.args.get("client_id"), return_to, '"returnTo"')
    return _signed_out(emulator, request, return_to)


@browser_route("/oidc/logout", methods=["GET", "POST"])
def oidc_logout(emulator, request: Request) -> Response:
    params = request.values
    redirect_uri = params.get("post_logout_redirect_uri")
    if redirect_uri:
        client_id = _logout_client_id(
            emulator, params.get("client_id"), params.get("id_token_hint")
        )
        if client_id is None:
            raise ErrorPage(
                "post_logout_redirect_uri needs client_id or id_token_hint to say which "
                "application is signing out."
            )
        _check_allowed(emulator, client_id, redirect_uri, '"post_logout_redirect_uri"')
        if params.get("state"):
            redirect_uri = with_query(redirect_uri, {"state": params["state"]})
    return _signed_out(emulator, request, redirect_uri)


def _signed_out(emulator, request: Request, redirect_to: str | None) -> Response:
    session_end(emulator, request)
    if redirect_to:
        response = redirect(redirect_to, 302)
    else:
        response = render_page(emulator, "signed_out.html")
    return session_cookie_clear(response)


def _check_allowed(emulator, client_id: str | None, url: str, parameter: str) -> None:
    """The URL must be one of the client's Allowed Logout URLs (the tenant's without client)."""
    if client_id:
        client = client_get(emulator, client_id)
        if client is None:
            raise ErrorPage(f"Unknown client: {client_id}")
        allowed, where = client.get("allowed_logout_urls") or [], "the application's"
    else:
        tenant = emulator.store.get("tenant_settings", "tenant") or {}
        allowed, where = tenant.get("allowed_logout_urls") or [], "the tenant's"
    if url not in allowed:
        raise ErrorPage(
            f'The {parameter} parameter "{url}" is not defined as a valid URL in '
            f'{where} "Allowed Logout URLs".'
        )


def _logout_client_id(emulator, client_id: str | None, id_token_hint: str | None) -> str | None:
    """The client signing out: ``client_id``, or the audience of the ID token it holds."""
    if not id_token_hint:
        return client_id
    hinted = _id_token_audience(emulator, id_token_hint)
    if client_id and client_id != hinted:
        raise ErrorPage("client_id does not match the audience of id_token_hint.")
    return hinted


def _id_token_audience(emulator, id_token: str) -> str:
    """Audience of an ID token this tenant signed; an expired one is fine (it only identifies)."""
    try:
        key = emulator.keys.public_key(str(jwt.get_unverified_header(id_token).get("kid", "")))
        if key is None:
            raise jwt.InvalidTokenError("unknown signing key")
        claims = jwt.decode(
            id_token,
            key,
            algorithms=["RS256"],
            issuer=emulator.issuer,
            options={"verify_exp": False, "verify_aud": False},
        )
    except jwt.InvalidTokenError:
        raise ErrorPage("id_token_hint is not a valid ID token from this tenant.") from None
    return claims["aud"]
