"""Writes about tenants and memberships. Business rules live here, not in views or models."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from .models import Membership, Role, Tenant
from .roles import CATALOGUE, DEFAULT_ROLE


@transaction.atomic
def tenant_create(*, name: str, display_name: str, auth0_org_id: str | None = None) -> Tenant:
    tenant = Tenant(name=name, display_name=display_name, auth0_org_id=auth0_org_id)
    tenant.full_clean()
    tenant.save()
    return tenant


@transaction.atomic
def membership_record(
    *, tenant: Tenant, user, role_names: Iterable[str] = (DEFAULT_ROLE,)
) -> Membership:
    """Record that ``user`` is a member of ``tenant``: a new membership gets ``role_names``.

    Auth0 is the source of truth for invitation acceptance: a person who signs in to an
    organization is a member of it there, so the login pipeline records the membership if the
    portal did not know it yet (with the default role). A known membership keeps the roles an
    admin gave it.
    """
    membership, created = Membership.objects.get_or_create(tenant=tenant, user=user)
    if created:
        membership.roles.set(_roles_named(set(role_names)))
    return membership


def _roles_named(names: set[str]) -> list[Role]:
    roles = list(Role.objects.filter(name__in=names))
    if unknown := names - {role.name for role in roles}:
        raise ValueError(f"no such role in the catalogue: {', '.join(sorted(unknown))}")
    return roles


def role_catalogue_sync(*, role_model=Role) -> None:
    """Make the ``Role`` table match ``tenants.roles.CATALOGUE`` (migrations pass their model)."""
    for entry in CATALOGUE:
        fields = {key: value for key, value in entry.items() if key != "name"}
        role_model.objects.update_or_create(name=entry["name"], defaults=fields)
