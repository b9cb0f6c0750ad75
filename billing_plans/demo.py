"""The demo's features and plans, and which demo tenant is on which: for ``demo_seed``."""

from __future__ import annotations

from collections.abc import Iterable

from tenants.models import Tenant

from .selectors import entitlements_get_for_tenant
from .services import feature_define, plan_define, plan_switch

FEATURES = {
    # code: (name, description)
    "bookings": ("Bookings", "Book rooms, desks and equipment."),
    "customers": ("Customers", "Keep customer records."),
    "inventory": ("Inventory", "Track stock across locations."),
    "payments": ("Payments", "Take card payments and issue refunds."),
    "reports": ("Reports", "Usage and revenue reports."),
}
PLANS = [
    # code, name, rank, feature codes
    ("starter", "Starter", 1, ["bookings"]),
    ("pro", "Pro", 2, ["bookings", "customers", "inventory", "payments", "reports"]),
]
PLAN_OF_TENANT = {"acme": "pro", "globex": "starter"}


def demo_plans_seed(*, tenants: Iterable[Tenant]) -> None:
    """Define the demo plans and put each demo tenant on its plan; safe to run again."""
    features = {
        code: feature_define(code=code, name=name, description=description)
        for code, (name, description) in FEATURES.items()
    }
    plans = {
        code: plan_define(
            code=code, name=name, rank=rank, features=[features[f] for f in feature_codes]
        )
        for code, name, rank, feature_codes in PLANS
    }
    for tenant in tenants:
        plan_code = PLAN_OF_TENANT.get(tenant.name)
        # Later runs keep a plan that support staff have chosen since.
        if plan_code and entitlements_get_for_tenant(tenant=tenant).plan is None:
            plan_switch(tenant=tenant, plan=plans[plan_code])
