"""The support page."""

from __future__ import annotations

from django.urls import reverse

from billing_plans.services import plan_switch
from tests import factories
from tests.conftest import signed_in_client


def test_support_page_shows_each_tenants_plan(client, db, pro):
    acme = factories.tenant(name="acme", display_name="Acme Corporation")
    factories.tenant(name="globex", display_name="Globex")
    plan_switch(tenant=acme, plan=pro)

    staff = factories.user(staff=True)
    body = signed_in_client(client, staff).get(reverse("billing_plans:support_home"))
    rows = body.content.decode().split("<tr>")[2:]

    assert [("Acme Corporation" in row, "Globex" in row) for row in rows] == [
        (True, False),
        (False, True),
    ]
    assert "Pro" in rows[0] and "No plan yet" in rows[1]
