"""GET /userinfo: the OIDC profile of the user an access token was issued to."""

from __future__ import annotations

from typing import Any

import jwt
from werkzeug.wrappers import Request, Response

from ..errors import json_response
from . import router
from .opaque_tokens import opaque_token_lookup
from .tokens import profile_claims, userinfo_audience
from .users import user_get


@router.route("/userinfo", methods=["GET", "POST"])
def userinfo(emulator, request: Request) -> Response:
    grant = _bearer_grant(emulator, request)
    user = user_get(emulator, grant["sub"]) if grant else None
    if user is None:
        return _unauthorized()
    return json_response({"sub": user["user_id"], **profile_claims(user, grant["scope"].split())})


def _bearer_grant(emulator, request: Request) -> dict[str, Any] | None:
    """``sub`` and ``scope`` of a valid access token for /userinfo, else None."""
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token:
        return None
    if token.count(".") != 2:
        opaque = opaque_token_lookup(emulator, token)
        return {"sub": opaque["user_id"], "scope": opaque["scope"]} if opaque else None
    try:
        claims = emulator.keys.verify(
            token, audience=userinfo_audience(emulator), issuer=emulator.issuer
        )
    except jwt.InvalidTokenError:
        return None
    return {"sub": claims["sub"], "scope": claims.get("scope", "")}


def _unauthorized() -> Response:
    response = Response("Unauthorized", status=401, mimetype="text/plain")
    response.headers["WWW-Authenticate"] = 'Bearer error="invalid_token"'
    return response
