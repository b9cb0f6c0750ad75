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


def authorize_redirect(client, **query) -> dict[str, list[str]]:
    """Start sign-in at /login/ and return the query it sends to Auth0's /authorize."""
    response = client.get(reverse("login"), query)
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert location.path == "/authorize"
    return parse_qs(location.query)


def test_login_forwards_organization_and_invitation_but_never_the_name(client, db):
    sent = authorize_redirect(
        client, invitation="tkt_abc123", organization="org_abc", organization_name="acme"
    )
    assert sent["invitation"] == ["tkt_abc123"]
    assert sent["organization"] == ["org_abc"]
    assert "organization_name" not in sent
    assert "acme" not in str(sent)


def test_login_explains_a_malformed_link(client, db):
    response = client.get(reverse("login"), {"invitation": "tkt_abc123"})
    assert response.status_code == 400
    assert "it names no organization" in response.content.decode()


def auth0_refuses(client, sent, error: str, description: str):
    """What Auth0 sends back when it refuses a sign-in: the error, with the request's state."""
    return client.get(
        reverse("social:complete", kwargs={"backend": "auth0"}),
        {"error": error, "error_description": description, "state": sent["state"][0]},
    )


def test_a_refused_invitation_names_the_organization_from_the_link(client, db):
    sent = authorize_redirect(
        client, invitation="tkt_abc123", organization="org_abc", organization_name="<b>Acme</b>"
    )
    response = auth0_refuses(client, sent, "access_denied", "invitation not found or used")
    body = response.content.decode()
    assert response.status_code == 403
    assert "The invitation to join &lt;b&gt;Acme&lt;/b&gt; could not be used." in body
    assert "ask the person who invited you for a new one" in body
    assert "invitation not found or used" in body  # Auth0's own reason
    assert "<b>Acme" not in body


def test_the_name_from_an_invitation_link_is_cut_to_one_short_line(client, db):
    sent = authorize_redirect(
        client,
        invitation="tkt_abc123",
        organization="org_abc",
        organization_name="Acme\n\u202e" + "x" * 500,
    )
    body = auth0_refuses(client, sent, "invalid_request", "no organization found").content
    shown = "The invitation to join Acme " + "x" * 95 + " could not be used."
    assert shown in body.decode()


def test_an_invitation_link_without_a_name_still_says_what_failed(client, db):
    sent = authorize_redirect(client, invitation="tkt_abc123", organization="org_abc")
    response = auth0_refuses(client, sent, "invalid_request", "no organization found")
    assert response.status_code == 400
    assert "The invitation to join this organization could not be used." in (
        response.content.decode()
    )


def test_access_denied_by_auth0_shows_its_reason(client, db):
    sent = authorize_redirect(client, organization="org_abc")
    response = auth0_refuses(client, sent, "access_denied", "Your plan does not include the portal")
    body = response.content.decode()
    assert response.status_code == 403
    assert "Auth0 did not let you in." in body
    assert "Your plan does not include the portal" in body
    assert "invitation to join" not in body
    assert client.get("/").status_code == 200  # not signed in: the landing page


def test_auth0_refusing_the_request_is_a_page_not_a_server_error(client, db):
    sent = authorize_redirect(client, organization="org_abc")
    response = auth0_refuses(client, sent, "invalid_request", "no organization found: org_abc")
    assert response.status_code == 400
    assert "no organization found: org_abc" in response.content.decode()
