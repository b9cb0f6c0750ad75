"""Push tenants and memberships to Auth0, level-based: read Auth0, write only the difference.

Every function can run twice, out of order or after a crash and still converge, because it
compares Auth0's current state with the portal database (the source of truth) each time.
"""

from __future__ import annotations

from auth0.management import Auth0
from auth0.management.errors import NotFoundError
from django.conf import settings

from .models import Membership, Tenant


def organization_push(client: Auth0, tenant: Tenant) -> str:
    """Create or update the tenant's organization; returns (and records) its id."""
    organization = _organization_find(client, tenant)
    if organization is None:
        organization = client.organizations.create(
            name=tenant.name, display_name=tenant.display_name
        )
    elif organization.display_name != tenant.display_name or organization.name != tenant.name:
        client.organizations.update(
            organization.id, name=tenant.name, display_name=tenant.display_name
        )
    if tenant.auth0_org_id != organization.id:
        Tenant.objects.filter(pk=tenant.pk).update(auth0_org_id=organization.id)
        tenant.auth0_org_id = organization.id
    _database_connection_enable(client, organization.id)
    return organization.id


def _database_connection_enable(client: Auth0, org_id: str) -> None:
    """Auth0 lets people sign in to an organization only through the connections it enables."""
    name = settings.AUTH0_DATABASE_CONNECTION
    enabled = client.organizations.enabled_connections.list(org_id)
    if any(entry.connection and entry.connection.name == name for entry in enabled):
        return
    connection = next(iter(client.connections.list(name=name)), None)
    if connection is None:
        raise RuntimeError(f"Auth0 has no connection named {name!r} (AUTH0_DATABASE_CONNECTION)")
    client.organizations.enabled_connections.add(org_id, connection_id=connection.id)


def _organization_find(client: Auth0, tenant: Tenant):
    try:
        if tenant.auth0_org_id:
            return client.organizations.get(tenant.auth0_org_id)
        return client.organizations.get_by_name(tenant.name)
    except NotFoundError:
        return None


def membership_push(client: Auth0, membership: Membership, *, auth0_user_id: str) -> None:
    """Make the person a member of the organization with exactly the assigned roles."""
    org_id = membership.tenant.auth0_org_id
    client.organizations.members.create(org_id, members=[auth0_user_id])
    wanted = {role.auth0_id for role in membership.roles.all()}
    if "" in wanted:
        raise RuntimeError("roles have no Auth0 id yet: run `manage.py auth0_bootstrap` first")
    have = {r.id for r in client.organizations.members.roles.list(org_id, auth0_user_id)}
    if missing := sorted(wanted - have):
        client.organizations.members.roles.assign(org_id, auth0_user_id, roles=missing)
    if extra := sorted(have - wanted):
        client.organizations.members.roles.delete(org_id, auth0_user_id, roles=extra)
