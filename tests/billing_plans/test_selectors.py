from billing_plans.selectors import entitlements_get_for_tenant, tenant_list_with_plans
from billing_plans.services import feature_override_set, plan_switch
from tests import factories


def test_tenant_never_changed_has_no_plan_no_features_version_0(acme):
    entitlements = entitlements_get_for_tenant(tenant=acme)
    assert (entitlements.plan, entitlements.feature_codes, entitlements.version) == (None, [], 0)


def test_features_are_the_plans_sorted_by_code(acme, pro):
    plan_switch(tenant=acme, plan=pro)
    entitlements = entitlements_get_for_tenant(tenant=acme)
    assert entitlements.plan_code == "pro"
    assert entitlements.feature_codes == ["bookings", "inventory", "payments"]


def test_granted_overrides_join_and_revoked_ones_leave(acme, pro, features):
    plan_switch(tenant=acme, plan=pro)
    feature_override_set(tenant=acme, feature=features["reports"], granted=True)
    feature_override_set(tenant=acme, feature=features["inventory"], granted=False)
    assert entitlements_get_for_tenant(tenant=acme).feature_codes == [
        "bookings",
        "payments",
        "reports",
    ]


def test_granting_a_feature_the_plan_has_lists_it_once(acme, starter, features):
    plan_switch(tenant=acme, plan=starter)
    feature_override_set(tenant=acme, feature=features["bookings"], granted=True)
    assert entitlements_get_for_tenant(tenant=acme).feature_codes == ["bookings"]


def test_revoking_a_feature_the_plan_lacks_changes_nothing(acme, starter, features):
    plan_switch(tenant=acme, plan=starter)
    feature_override_set(tenant=acme, feature=features["payments"], granted=False)
    assert entitlements_get_for_tenant(tenant=acme).feature_codes == ["bookings"]


def test_tenant_without_a_plan_has_only_its_granted_features(acme, features):
    feature_override_set(tenant=acme, feature=features["reports"], granted=True)
    entitlements = entitlements_get_for_tenant(tenant=acme)
    assert (entitlements.plan_code, entitlements.feature_codes) == (None, ["reports"])


def test_overrides_of_another_tenant_do_not_count(acme, starter, features):
    globex = factories.tenant(name="globex")
    plan_switch(tenant=acme, plan=starter)
    feature_override_set(tenant=globex, feature=features["reports"], granted=True)
    feature_override_set(tenant=globex, feature=features["bookings"], granted=False)
    assert entitlements_get_for_tenant(tenant=acme).feature_codes == ["bookings"]


def test_version_counts_the_changes(acme, starter, pro, features):
    plan_switch(tenant=acme, plan=starter)
    plan_switch(tenant=acme, plan=pro)
    feature_override_set(tenant=acme, feature=features["reports"], granted=True)
    assert entitlements_get_for_tenant(tenant=acme).version == 3


def test_support_list_names_each_tenants_plan(acme, owner, pro):
    globex = factories.tenant(name="globex", display_name="Globex")
    plan_switch(tenant=acme, plan=pro)
    rows = {
        tenant.name: (tenant.plan_name, tenant.member_count) for tenant in tenant_list_with_plans()
    }
    assert rows == {"acme": ("Pro", 1), globex.name: (None, 0)}
