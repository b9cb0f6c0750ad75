"""What a person authorized, and everything a token for it is made from."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..memberships import membership_get
from ..resource_servers import resource_server_by_identifier
from .clients import client_get
from .organizations import organization_get
from .users import user_get


@dataclass
class Grant:
    """What a person authorized a client to get: carried by a code, then by refresh tokens."""

    user_id: str
    client_id: str
    scopes: list[str]
    audience: str | None
    organization_id: str | None
    session_id: str | None
    auth_time: int
    nonce: str | None = None


@dataclass
class Login:
    """A grant with its documents loaded: what tokens and the Post-Login event are built from."""

    grant: Grant
    user: dict[str, Any]
    client: dict[str, Any]
    resource_server: dict[str, Any] | None
    organization: dict[str, Any] | None
    roles: list[dict[str, Any]]

    def permissions(self) -> list[str]:
        """Permissions the roles of this login carry for the requested API."""
        audience = self.grant.audience
        return sorted(
            {
                permission["permission_name"]
                for role in self.roles
                for permission in role.get("_permissions", [])
                if permission["resource_server_identifier"] == audience
            }
        )


def login_load(emulator, grant: Grant) -> Login | None:
    """The login behind a grant, or None when its user no longer exists."""
    user = user_get(emulator, grant.user_id)
    if user is None:
        return None
    return Login(
        grant=grant,
        user=user,
        client=client_get(emulator, grant.client_id),
        resource_server=resource_server_by_identifier(emulator.store, grant.audience),
        organization=organization_get(emulator, grant.organization_id),
        roles=_roles(emulator, grant),
    )


def requested_audience(emulator, audience: str | None) -> str | None:
    """The API asked for, or the tenant's default audience when none was."""
    tenant = emulator.store.get("tenant_settings", "tenant") or {}
    return audience or tenant.get("default_audience") or None


def _roles(emulator, grant: Grant) -> list[dict[str, Any]]:
    """Roles in the organization of this login; the user's tenant-wide roles without one."""
    if grant.organization_id:
        member = membership_get(emulator.store, grant.organization_id, grant.user_id) or {}
        role_ids = member.get("roles", [])
    else:
        assigned = emulator.store.find("user_roles", lambda r: r["user_id"] == grant.user_id)
        role_ids = [assignment["role_id"] for assignment in assigned]
    roles = (emulator.store.get("roles", role_id) for role_id in role_ids)
    return [role for role in roles if role]
