"""Management API v2 subset under /api/v2/."""

from __future__ import annotations

from typing import TYPE_CHECKING

from werkzeug.wrappers import Response

from ..errors import ManagementError
from ..routing import Router

if TYPE_CHECKING:
    from ..app import Emulator

router = Router()

PREFIX = "/api/v2/"


def is_management_path(path: str) -> bool:
    return path.startswith(PREFIX)


def not_found(emulator: Emulator) -> Response:
    """Auth0's 404 for a path, or a method on a path, that the API does not have.

    The call passes the rate limit and the injected faults like any other; with no endpoint
    there is no token or scope to check.
    """
    return gate.admit(emulator, _no_such_endpoint)


def _no_such_endpoint() -> Response:
    raise ManagementError(404, "Not Found")


# Each module registers its endpoints on import.
from . import (  # noqa: E402,F401
    actions,
    client_grants,
    clients,
    connections,
    gate,
    invitations,
    members,
    organization_connections,
    organizations,
    resource_servers,
    roles,
    signing_keys,
    tenant_settings,
    trigger_bindings,
    users,
)
