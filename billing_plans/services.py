"""Writes about plans, features and what each tenant may use.

Every change to what a tenant may use bumps its entitlements version in the same transaction:
services cache a tenant's entitlements by that version, so a change without a bump would leave
them serving the old features.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import F

from tenants.models import Tenant

from .models import Feature, FeatureOverride, Plan, Subscription


@transaction.atomic
def feature_define(*, code: str, name: str, description: str = "") -> Feature:
    """Create the feature with this code, or update its name and description."""
    feature = Feature.objects.filter(code=code).first() or Feature(code=code)
    feature.name, feature.description = name, description
    feature.full_clean()
    feature.save()
    return feature


@transaction.atomic
def plan_define(*, code: str, name: str, features: Iterable[Feature], rank: int = 0) -> Plan:
    """Create the plan with this code, or update it; tenants on it get a new version if its
    features change."""
    plan = Plan.objects.filter(code=code).first() or Plan(code=code)
    plan.name, plan.rank = name, rank
    plan.full_clean()
    plan.save()
    wanted = {feature.pk for feature in features}
    if set(plan.features.values_list("pk", flat=True)) != wanted:
        plan.features.set(wanted)
        # One UPDATE with F(): a concurrent bump on any of these rows cannot be lost.
        Subscription.objects.filter(plan=plan).update(
            entitlements_version=F("entitlements_version") + 1
        )
    return plan


@transaction.atomic
def plan_switch(*, tenant: Tenant, plan: Plan, switched_by=None) -> Subscription:
    """Put ``tenant`` on ``plan``; switching to the plan it is already on changes nothing."""
    subscription = _subscription_locked(tenant)
    if subscription.plan_id == plan.pk:
        return subscription
    subscription.plan = plan
    subscription.switched_by = switched_by
    subscription.entitlements_version += 1
    subscription.full_clean()
    subscription.save()
    return subscription


@transaction.atomic
def feature_override_set(
    *, tenant: Tenant, feature: Feature, granted: bool, note: str = "", set_by=None
) -> FeatureOverride:
    """Grant ``feature`` to ``tenant`` or revoke it, whatever its plan says."""
    subscription = _subscription_locked(tenant)
    override = FeatureOverride.objects.filter(tenant=tenant, feature=feature).first()
    flipped = override is None or override.granted != granted
    override = override or FeatureOverride(tenant=tenant, feature=feature)
    override.granted, override.note, override.set_by = granted, note, set_by
    override.full_clean()
    override.save()
    if flipped:  # a new note alone changes nothing a token carries
        subscription.entitlements_version += 1
        subscription.save(update_fields=["entitlements_version", "updated_at"])
    return override


def _subscription_locked(tenant: Tenant) -> Subscription:
    """The tenant's subscription (created without a plan if missing), locked until commit.

    Every write to a tenant's entitlements takes this lock first, so two changes at once are
    applied one after the other and each gets its own version.
    """
    Subscription.objects.get_or_create(tenant=tenant)
    return Subscription.objects.select_for_update().get(tenant=tenant)
