"""Management API v2 subset under /api/v2/."""

from __future__ import annotations

from ..errors import ManagementError
from ..routing import Router

router = Router()

PREFIX = "/api/v2/"


def is_management_path(path: str) -> bool:
    return path.startswith(PREFIX)


def not_found(request):
    return ManagementError(404, "Not Found").response()


# Each module registers its endpoints on import.
from . import (  # noqa: E402,F401
    actions,
    client_grants,
    clients,
    invitations,
    members,
    organization_connections,
    organizations,
    resource_servers,
    roles,
    tenant_settings,
    trigger_bindings,
    users,
)
