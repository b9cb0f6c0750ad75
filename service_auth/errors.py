"""Why a request was refused, and how that maps onto an HTTP answer in any framework.

Reasons are written for the developer who sent the request. They never echo token content, so
they are safe to log and to return to the caller.
"""

from __future__ import annotations

import re

# RFC 6750 §3: error_description may only hold these characters (no quote, no backslash).
_NOT_IN_DESCRIPTION = re.compile(r"[^\x20\x21\x23-\x5b\x5d-\x7e]")


class ServiceAuthError(Exception):
    """Base class: ``status`` and ``error`` say how to answer, ``reason`` says why."""

    status = 500
    error = "server_error"

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason

    def headers(self) -> dict[str, str]:
        return {}


class InvalidToken(ServiceAuthError):
    """The token cannot be trusted: malformed, badly signed, expired, or for someone else."""

    status = 401
    error = "invalid_token"

    def headers(self) -> dict[str, str]:
        return {"WWW-Authenticate": _bearer_challenge(self.error, self.reason)}


class MissingToken(InvalidToken):
    """The request carries no bearer token at all."""

    def headers(self) -> dict[str, str]:
        # RFC 6750 §3.1: a request without credentials gets a challenge without an error code.
        return {"WWW-Authenticate": "Bearer"}


class Forbidden(ServiceAuthError):
    """The token is valid but does not allow this request (tenant, permission or feature)."""

    status = 403
    error = "insufficient_scope"

    def __init__(self, reason: str, *, permission: str | None = None) -> None:
        super().__init__(reason)
        self.permission = permission

    def headers(self) -> dict[str, str]:
        return {"WWW-Authenticate": _bearer_challenge(self.error, self.reason, self.permission)}


class UpstreamUnavailable(ServiceAuthError):
    """A service we depend on did not answer usefully; the caller may retry later."""

    status = 503
    error = "temporarily_unavailable"
    retry_after_seconds = 5

    def headers(self) -> dict[str, str]:
        return {"Retry-After": str(self.retry_after_seconds)}


class JwksUnavailable(UpstreamUnavailable):
    """The issuer's signing keys could not be fetched, so no token can be checked yet."""


class EntitlementsUnavailable(UpstreamUnavailable):
    """An overage token's features could not be fetched from the portal."""


def _bearer_challenge(error: str, reason: str, scope: str | None = None) -> str:
    description = _NOT_IN_DESCRIPTION.sub("", reason)
    challenge = f'Bearer error="{error}", error_description="{description}"'
    if scope:
        challenge += f', scope="{_NOT_IN_DESCRIPTION.sub("", scope)}"'
    return challenge
