from urllib.parse import parse_qs, urlsplit

from django.urls import reverse

from tests import factories
from tests.conftest import signed_in_client


def test_landing_page_for_visitors(client, db):
    response = client.get("/")
    assert response.status_code == 200
    assert reverse("login") in response.content.decode()


def test_home_goes_to_the_signed_in_tenant(client, acme, member):
    response = signed_in_client(client, member, acme).get("/")
    assert response["Location"] == reverse("tenants:dashboard", kwargs={"code": acme.code})


def test_choose_tenant_lists_every_membership(client, acme, member):
    globex = factories.tenant(name="globex", display_name="Globex")
    factories.membership(tenant=globex, user=member)
    response = signed_in_client(client, member).get(reverse("choose_tenant"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Acme Corporation" in body and "Globex" in body


def test_choose_tenant_with_one_membership_signs_straight_in(client, acme, member):
    response = signed_in_client(client, member).get(reverse("choose_tenant"))
    assert response.status_code == 302
    assert f"organization={acme.auth0_org_id}" in response["Location"]


def test_choose_tenant_empty_state(client, db):
    response = signed_in_client(client, factories.user()).get(reverse("choose_tenant"))
    assert "not a member of any tenant" in response.content.decode()


def test_tenant_not_yet_in_auth0_cannot_be_chosen(client, db):
    person = factories.user()
    factories.membership(tenant=factories.tenant(auth0_org_id=None), user=person)
    response = signed_in_client(client, person).get(reverse("choose_tenant"))
    assert response.status_code == 200
    assert "being set up" in response.content.decode()


def test_support_home_is_for_staff_only(client, acme, member):
    response = signed_in_client(client, member, acme).get(reverse("billing_plans:support_home"))
    assert response.status_code == 302
    staff = factories.user(staff=True)
    response = signed_in_client(client, staff).get(reverse("billing_plans:support_home"))
    assert response.status_code == 200
    assert "Acme Corporation" in response.content.decode()


def test_login_rejects_malformed_parameters(client, db):
    for query in (
        "organization=ACME%20Corp",
        "invitation=abc",
        "invitation=a%2Fb&organization=acme",
    ):
        response = client.get(f"{reverse('login')}?{query}")
        assert response.status_code == 400, query


def test_logout_by_get_only_asks(client, acme, member):
    signed_in_client(client, member, acme)
    response = client.get(reverse("logout"))
    assert response.status_code == 200
    assert client.get("/").status_code == 302  # still signed in


def test_logout_by_post_signs_out_through_auth0(client, acme, member, settings):
    signed_in_client(client, member, acme)
    response = client.post(reverse("logout"))
    location = urlsplit(response["Location"])
    assert f"{location.scheme}://{location.netloc}" == settings.AUTH0_BASE_URL
    assert location.path == "/v2/logout"
    assert parse_qs(location.query) == {
        "client_id": [settings.AUTH0_CLIENT_ID],
        "returnTo": [settings.PORTAL_BASE_URL + "/"],
    }
    assert client.get("/").status_code == 200  # the landing page: signed out
