"""The tenant dashboard's read-only plan panel."""

import re

from django.urls import reverse

from billing_plans.services import feature_override_set, plan_switch
from tests.conftest import signed_in_client


def plan_panel(client, user, tenant) -> str:
    url = reverse("tenants:dashboard", kwargs={"code": tenant.code})
    body = signed_in_client(client, user, tenant).get(url).content.decode()
    return re.search(r'<section class="card" aria-labelledby="plan">(.*?)</section>', body, re.S)[1]


def test_member_sees_the_plan_and_its_features(client, acme, member, pro, features):
    plan_switch(tenant=acme, plan=pro)
    feature_override_set(tenant=acme, feature=features["payments"], granted=False)
    panel = plan_panel(client, member, acme)
    assert "Pro" in panel
    assert re.findall(r'class="badge"[^>]*>([^<]+)<', panel) == ["Bookings", "Inventory"]
    assert "<form" not in panel  # read-only: support staff change plans


def test_tenant_without_a_plan_says_so(client, acme, member):
    panel = plan_panel(client, member, acme)
    assert "No plan yet" in panel
    assert "badge" not in panel
