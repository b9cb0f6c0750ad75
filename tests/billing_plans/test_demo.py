from billing_plans.demo import demo_plans_seed
from billing_plans.models import Feature, Plan
from billing_plans.selectors import entitlements_get_for_tenant
from billing_plans.services import plan_switch
from tests import factories


def test_demo_tenants_get_their_plans(db):
    acme, globex, other = (factories.tenant(name=n) for n in ("acme", "globex", "initech"))
    demo_plans_seed(tenants=[acme, globex, other])
    assert entitlements_get_for_tenant(tenant=acme).feature_codes == [
        "bookings",
        "customers",
        "inventory",
        "payments",
        "reports",
    ]
    assert entitlements_get_for_tenant(tenant=globex).plan_code == "starter"
    assert entitlements_get_for_tenant(tenant=other).plan is None


def test_running_it_again_changes_nothing(db):
    acme = factories.tenant(name="acme")
    demo_plans_seed(tenants=[acme])
    before = entitlements_get_for_tenant(tenant=acme)
    demo_plans_seed(tenants=[acme])
    assert entitlements_get_for_tenant(tenant=acme) == before
    assert (Plan.objects.count(), Feature.objects.count()) == (2, 5)


def test_running_it_again_keeps_a_plan_chosen_since(db):
    acme = factories.tenant(name="acme")
    demo_plans_seed(tenants=[acme])
    plan_switch(tenant=acme, plan=Plan.objects.get(code="starter"))
    demo_plans_seed(tenants=[acme])
    assert entitlements_get_for_tenant(tenant=acme).plan_code == "starter"
