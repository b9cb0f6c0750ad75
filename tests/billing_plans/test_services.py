from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from billing_plans.models import Feature, FeatureOverride, Plan, Subscription
from billing_plans.services import (
    feature_define,
    feature_override_set,
    plan_define,
    plan_switch,
)
from tests import factories


def version_of(tenant) -> int:
    return Subscription.objects.get(tenant=tenant).entitlements_version


@pytest.mark.parametrize("code", ["Bookings", "-bookings", "book ings", "bookings\n", "b" * 33, ""])
def test_feature_code_outside_the_token_contract_is_refused(db, code):
    with pytest.raises(ValidationError) as refused:
        feature_define(code=code, name="Bookings")
    assert "code" in refused.value.message_dict
    assert not Feature.objects.exists()


@pytest.mark.parametrize("code", ["bookings", "reports.v2", "a", "x" * 32, "0-9_a"])
def test_feature_codes_the_contract_allows_are_accepted(db, code):
    assert feature_define(code=code, name="A feature").code == code


@pytest.mark.parametrize("code", ["Pro", "pro.plus", "_pro", "p" * 33, "pro\n"])
def test_plan_code_outside_the_token_contract_is_refused(features, code):
    with pytest.raises(ValidationError) as refused:
        plan_define(code=code, name="Pro", features=[])
    assert "code" in refused.value.message_dict
    assert not Plan.objects.exists()


def test_feature_define_again_updates_it(db):
    first = feature_define(code="bookings", name="Bookings")
    again = feature_define(code="bookings", name="Room bookings", description="Rooms and desks")
    assert again.pk == first.pk
    assert Feature.objects.get().description == "Rooms and desks"


def test_plan_define_again_keeps_one_plan_with_the_new_features(features, starter):
    plan_define(code="starter", name="Starter", features=[features["inventory"]], rank=1)
    assert list(Plan.objects.get().features.values_list("code", flat=True)) == ["inventory"]


def test_plan_switch_records_plan_and_who_and_bumps_the_version(acme, owner, starter):
    staff = factories.user(staff=True)
    subscription = plan_switch(tenant=acme, plan=starter, switched_by=staff)
    assert (subscription.plan, subscription.switched_by) == (starter, staff)
    assert version_of(acme) == 1


def test_switch_to_the_same_plan_changes_nothing(acme, starter):
    plan_switch(tenant=acme, plan=starter)
    plan_switch(tenant=acme, plan=starter)
    assert version_of(acme) == 1


def test_each_switch_bumps_the_version(acme, starter, pro):
    plan_switch(tenant=acme, plan=starter)
    plan_switch(tenant=acme, plan=pro)
    plan_switch(tenant=acme, plan=starter)
    assert version_of(acme) == 3


def test_versions_are_per_tenant(acme, starter, pro):
    globex = factories.tenant(name="globex")
    plan_switch(tenant=acme, plan=starter)
    plan_switch(tenant=acme, plan=pro)
    plan_switch(tenant=globex, plan=pro)
    assert (version_of(acme), version_of(globex)) == (2, 1)


def test_override_set_records_it_and_bumps_the_version(acme, starter, features):
    plan_switch(tenant=acme, plan=starter)
    staff = factories.user(staff=True)
    feature_override_set(
        tenant=acme, feature=features["reports"], granted=True, note="trial", set_by=staff
    )
    override = FeatureOverride.objects.get()
    assert (override.granted, override.note, override.set_by) == (True, "trial", staff)
    assert version_of(acme) == 2


def test_override_on_a_tenant_without_plan_creates_its_subscription(acme, features):
    feature_override_set(tenant=acme, feature=features["reports"], granted=True)
    subscription = Subscription.objects.get(tenant=acme)
    assert (subscription.plan, subscription.entitlements_version) == (None, 1)


def test_flipping_an_override_bumps_and_keeps_one_row(acme, features):
    feature_override_set(tenant=acme, feature=features["reports"], granted=True)
    feature_override_set(tenant=acme, feature=features["reports"], granted=False)
    assert FeatureOverride.objects.get().granted is False
    assert version_of(acme) == 2


def test_a_new_note_alone_does_not_bump(acme, features):
    feature_override_set(tenant=acme, feature=features["reports"], granted=True)
    feature_override_set(tenant=acme, feature=features["reports"], granted=True, note="renewed")
    assert FeatureOverride.objects.get().note == "renewed"
    assert version_of(acme) == 1


def test_override_note_too_long_is_refused_and_bumps_nothing(acme, features):
    feature_override_set(tenant=acme, feature=features["reports"], granted=True)
    with pytest.raises(ValidationError) as refused:
        feature_override_set(
            tenant=acme, feature=features["payments"], granted=True, note="n" * 256
        )
    assert "note" in refused.value.message_dict
    assert version_of(acme) == 1
    assert FeatureOverride.objects.count() == 1


def test_changing_a_plans_features_bumps_every_tenant_on_it(acme, starter, pro, features):
    globex, initech = factories.tenant(name="globex"), factories.tenant(name="initech")
    plan_switch(tenant=acme, plan=starter)
    plan_switch(tenant=globex, plan=starter)
    plan_switch(tenant=initech, plan=pro)
    plan_define(
        code="starter", name="Starter", features=[features["bookings"], features["reports"]]
    )
    assert (version_of(acme), version_of(globex), version_of(initech)) == (2, 2, 1)


def test_redefining_a_plan_with_the_same_features_bumps_nothing(acme, starter, features):
    plan_switch(tenant=acme, plan=starter)
    plan_define(code="starter", name="Starter (renamed)", features=[features["bookings"]])
    assert version_of(acme) == 1
    assert Plan.objects.get(code="starter").name == "Starter (renamed)"


@pytest.mark.django_db(transaction=True)
def test_concurrent_changes_each_get_their_own_bump(starter):
    tenant = factories.tenant(name="acme")
    plan_switch(tenant=tenant, plan=starter)
    extra = [feature_define(code=f"extra-{n}", name=f"Extra {n}") for n in range(8)]

    def grant(feature):
        try:
            feature_override_set(tenant=tenant, feature=feature, granted=True)
        finally:
            connection.close()  # each thread has its own connection

    with ThreadPoolExecutor(max_workers=len(extra)) as pool:
        list(pool.map(grant, extra))
    assert version_of(tenant) == 1 + len(extra)
