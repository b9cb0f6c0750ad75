import pytest
from django.urls import reverse

from billing_plans.services import feature_override_set, plan_switch
from tests import factories

# Each changelist, and a value it must show.
SHOWN = {
    "feature": "reports",
    "plan": "Pro",
    "subscription": "Acme Corporation",
    "featureoverride": "trial",
}


@pytest.fixture
def admin_client(client, db):
    client.force_login(factories.user(staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize(("model", "shown"), SHOWN.items())
def test_staff_inspect_each_model(admin_client, acme, pro, features, model, shown):
    plan_switch(tenant=acme, plan=pro)
    feature_override_set(tenant=acme, feature=features["reports"], granted=True, note="trial")
    response = admin_client.get(reverse(f"admin:billing_plans_{model}_changelist"))
    assert response.status_code == 200
    assert shown in response.content.decode()


@pytest.mark.parametrize("model", SHOWN)
def test_admin_cannot_add_so_every_change_goes_through_the_services(admin_client, model):
    response = admin_client.get(reverse(f"admin:billing_plans_{model}_add"))
    assert response.status_code == 403


def test_plan_list_shows_its_feature_codes(admin_client, pro):
    body = admin_client.get(reverse("admin:billing_plans_plan_changelist")).content.decode()
    assert "bookings, inventory, payments" in body
