"""Small factories for portal rows; tests build exactly what they need."""

from __future__ import annotations

import itertools

from django.contrib.auth import get_user_model

from tenants.models import Membership, Role, Tenant

_sequence = itertools.count(1)


def user(*, email: str | None = None, staff: bool = False, **fields):
    email = email or f"person{next(_sequence)}@example.test"
    return get_user_model().objects.create(username=email, email=email, is_staff=staff, **fields)


def tenant(*, name: str | None = None, display_name: str | None = None, **fields) -> Tenant:
    n = next(_sequence)
    name = name or f"tenant-{n}"
    return Tenant.objects.create(
        name=name,
        display_name=display_name or name.title(),
        auth0_org_id=fields.pop("auth0_org_id", f"org_test{n}"),
        **fields,
    )


def membership(*, tenant: Tenant, user, roles: tuple[str, ...] = ("member",)) -> Membership:
    membership = Membership.objects.create(tenant=tenant, user=user)
    membership.roles.set(Role.objects.filter(name__in=roles))
    return membership
