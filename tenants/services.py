"""Writes about tenants and memberships. Business rules live here, not in views or models."""

from __future__ import annotations

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
def membership_record_login(*, tenant: Tenant, user) -> Membership:
    """Record that ``user`` signed in to ``tenant`` through Auth0.

    Auth0 is the source of truth for invitation acceptance: a person who signs in to an
    organization is a member of it there, so the portal records the membership if it did not
    know it yet (with the default role) and leaves known memberships alone.
    """
    membership, created = Membership.objects.get_or_create(tenant=tenant, user=user)
    if created:
        membership.roles.add(Role.objects.get(name=DEFAULT_ROLE))
    return membership


def role_catalogue_sync(*, role_model=Role) -> None:
    """Make the ``Role`` table match ``tenants.roles.CATALOGUE`` (migrations pass their model)."""
    for entry in CATALOGUE:
        fields = {key: value for key, value in entry.items() if key != "name"}
        role_model.objects.update_or_create(name=entry["name"], defaults=fields)
