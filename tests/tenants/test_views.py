from django.urls import reverse

from tests import factories
from tests.conftest import signed_in_client


def dashboard_url(tenant):
    return reverse("tenants:dashboard", kwargs={"code": tenant.code})


def test_outsider_gets_404(client, acme, owner, outsider):
    response = signed_in_client(client, outsider).get(dashboard_url(acme))
    assert response.status_code == 404


def test_unknown_tenant_code_is_the_same_404(client, owner, acme):
    other = factories.tenant()
    other.delete()
    response = signed_in_client(client, owner, acme).get(dashboard_url(other))
    assert response.status_code == 404


def test_anonymous_is_sent_to_login(client, acme):
    response = client.get(dashboard_url(acme))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_member_signed_in_to_the_tenant_sees_its_people(client, acme, owner, member):
    response = signed_in_client(client, member, acme).get(dashboard_url(acme))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Acme Corporation" in body
    assert "owner@acme.test" in body and "member@acme.test" in body


def test_member_signed_in_to_another_tenant_must_sign_in_again(client, acme, member):
    globex = factories.tenant(name="globex")
    factories.membership(tenant=globex, user=member)
    response = signed_in_client(client, member, globex).get(dashboard_url(acme))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert f"organization={acme.auth0_org_id}" in response["Location"]


def test_header_offers_the_other_tenants(client, acme, member):
    globex = factories.tenant(name="globex", display_name="Globex")
    factories.membership(tenant=globex, user=member)
    body = signed_in_client(client, member, acme).get(dashboard_url(acme)).content.decode()
    assert f"organization={globex.auth0_org_id}" in body
