"""Reads about tenants and memberships."""

from __future__ import annotations

from django.db.models import Count, QuerySet
from django.http import Http404

from .models import Membership, Tenant


def tenant_get_for_user(*, user, code) -> Tenant:
    """The tenant with this code if ``user`` is a member; outsiders get the same 404 as a miss."""
    try:
        return Tenant.objects.get(code=code, memberships__user=user)
    except (Tenant.DoesNotExist, ValueError):
        raise Http404("No such tenant") from None


def tenant_get_by_organization(*, org_id: str) -> Tenant | None:
    return Tenant.objects.filter(auth0_org_id=org_id).first()


def tenant_get_by_name(*, name: str) -> Tenant | None:
    return Tenant.objects.filter(name=name).first()


def membership_list_for_user(*, user) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(user=user)
        .select_related("tenant")
        .prefetch_related("roles")
        .order_by("tenant__display_name")
    )


def membership_get(*, tenant: Tenant, user) -> Membership | None:
    return Membership.objects.filter(tenant=tenant, user=user).prefetch_related("roles").first()


def membership_list_for_tenant(*, tenant: Tenant) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(tenant=tenant)
        .select_related("user")
        .prefetch_related("roles")
        .order_by("user__email")
    )


def tenant_list_with_member_counts() -> QuerySet[Tenant]:
    return Tenant.objects.annotate(member_count=Count("memberships")).order_by("display_name")
