"""Reads about plans and features, and the entitlement computation."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import F, Q, QuerySet

from tenants.models import Tenant
from tenants.selectors import tenant_list_with_member_counts

from .models import Feature, FeatureOverride, Plan, Subscription


@dataclass(frozen=True)
class Entitlements:
    """What a tenant may use: its plan, its features sorted by code, and their version."""

    plan: Plan | None
    features: tuple[Feature, ...]
    version: int

    @property
    def plan_code(self) -> str | None:
        return self.plan.code if self.plan else None

    @property
    def feature_codes(self) -> list[str]:
        return [feature.code for feature in self.features]


NO_ENTITLEMENTS = Entitlements(plan=None, features=(), version=0)


def entitlements_get_for_tenant(*, tenant: Tenant) -> Entitlements:
    """The plan's features, plus features granted to the tenant, minus those revoked from it."""
    subscription = Subscription.objects.select_related("plan").filter(tenant=tenant).first()
    if subscription is None:
        return NO_ENTITLEMENTS
    # The version is read before the features, so the features are never older than the
    # version they are answered with: a service caching them under it can't keep stale ones.
    overrides = FeatureOverride.objects.filter(tenant=tenant)
    features = (
        Feature.objects.filter(
            Q(plans__subscriptions=subscription)
            | Q(pk__in=overrides.filter(granted=True).values("feature"))
        )
        .exclude(pk__in=overrides.filter(granted=False).values("feature"))
        .distinct()
        .order_by("code")
    )
    return Entitlements(
        plan=subscription.plan,
        features=tuple(features),
        version=subscription.entitlements_version,
    )


def tenant_list_with_plans() -> QuerySet[Tenant]:
    """Every tenant with ``member_count`` and ``plan_name`` (None while it has no plan)."""
    return tenant_list_with_member_counts().annotate(plan_name=F("subscription__plan__name"))
