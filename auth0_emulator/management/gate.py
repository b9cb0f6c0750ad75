"""How a Management API call is admitted, in Auth0's order: rate limit, faults, token, scope.

``endpoint`` registers a handler behind all four; ``admit`` applies the first two alone (to a
path no endpoint has). Handlers keep the router's signature,
``handler(emulator, request, **url_values) -> Response``, raise ``ManagementError`` for
Auth0's error answers, and can check an extra scope with ``require_scope``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING

import jwt
from werkzeug.wrappers import Request, Response

from ..errors import ManagementError
from ..ratelimit import RATE_LIMITED
from ..tenant import management_audience
from . import PREFIX, router

if TYPE_CHECKING:
    from ..app import Emulator

Handler = Callable[..., Response]

_CLAIMS = "auth0_emulator.management.claims"

MISSING_AUTHENTICATION = "Missing authentication"
INVALID_TOKEN = "Invalid token"
INVALID_SIGNATURE = "Invalid signature received for JSON Web Token validation"
EXPIRED_TOKEN = "Expired token received for JSON Web Token validation"


def endpoint(path: str, method: str = "GET", *, scopes: tuple[str, ...], all_scopes: bool = False):
    """Register ``handler`` for ``/api/v2/<path>``; the token needs any one of ``scopes``, or
    every one of them with ``all_scopes``."""

    def register(handler: Handler) -> Handler:
        @functools.wraps(handler)
        def admitted(emulator: Emulator, request: Request, **values) -> Response:
            def serve() -> Response:
                _authorize(emulator, request, scopes, all_scopes)
                return handler(emulator, request, **values)

            return admit(emulator, serve)

        # Paths are matched as sent: merging "//" would answer a mistyped path with a redirect
        # instead of Auth0's 404. (A "//" inside an id, such as a resource server's URL
        # identifier, survives either way: ``<path:...>`` keeps it.)
        router.route(PREFIX + path, [method], merge_slashes=False)(admitted)
        return handler

    return register


def admit(emulator: Emulator, serve: Callable[[], Response]) -> Response:
    """``serve``'s answer once the rate limit and the injected faults let the call through.

    A ``ManagementError`` becomes Auth0's error answer; with a rate limit set, every answer
    carries the rate-limit headers.
    """
    bucket = emulator.management_bucket
    allowance = bucket.take() if bucket is not None else None
    if allowance is not None and not allowance.granted:
        return RATE_LIMITED.response(allowance.headers())
    try:
        emulator.management_faults.check()
        response = serve()
    except ManagementError as error:
        response = error.response()
    if allowance is not None:
        response.headers.update(allowance.headers())
    return response


def _authorize(
    emulator: Emulator, request: Request, scopes: tuple[str, ...], all_scopes: bool
) -> None:
    request.environ[_CLAIMS] = _verified_claims(emulator, request)
    require_scope(request, scopes, every=all_scopes)


def _verified_claims(emulator: Emulator, request: Request) -> dict:
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise ManagementError(401, MISSING_AUTHENTICATION)
    try:
        return emulator.keys.verify(
            token.strip(), audience=management_audience(emulator), issuer=emulator.issuer
        )
    except jwt.ExpiredSignatureError:
        raise _token_rejected(EXPIRED_TOKEN) from None
    except jwt.InvalidSignatureError:
        raise _token_rejected(INVALID_SIGNATURE) from None
    except jwt.InvalidTokenError:
        raise _token_rejected(INVALID_TOKEN) from None


def _token_rejected(reason: str) -> ManagementError:
    """A 401 for a bearer token that was sent but refused; Auth0 echoes why in ``attributes``."""
    return ManagementError(
        401,
        reason,
        attributes={"error": reason},
        headers={"WWW-Authenticate": f'Bearer error="{reason}"'},
    )


def _granted_scopes(request: Request) -> set[str]:
    return set(str(request.environ[_CLAIMS].get("scope", "")).split())


def has_any_scope(request: Request, accepted: tuple[str, ...]) -> bool:
    return not _granted_scopes(request).isdisjoint(accepted)


def require_scope(request: Request, accepted: tuple[str, ...], *, every: bool = False) -> None:
    """403 unless the caller's token carries one of ``accepted`` (``every``: all of them)."""
    granted = _granted_scopes(request)
    allowed = granted.issuperset(accepted) if every else not granted.isdisjoint(accepted)
    if accepted and not allowed:
        expected = "all" if every else "any"
        raise ManagementError(
            403,
            f"Insufficient scope, expected {expected} of: " + ",".join(accepted),
            "insufficient_scope",
        )
