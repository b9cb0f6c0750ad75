"""Sign-in end to end: the portal and the emulator over real HTTP, nothing mocked."""

from __future__ import annotations

import json
from urllib.parse import urlencode, urlsplit, urlunsplit

from django.conf import settings

from tenants.management.commands.demo_seed import DEMO_PASSWORD
from tenants.models import Membership, Tenant
from tests.e2e.browser import has_password_form, query_of


def org_id(name: str) -> str:
    return Tenant.objects.get(name=name).auth0_org_id


def dashboard_path(name: str) -> str:
    return f"/t/{Tenant.objects.get(name=name).code}/"


def test_owner_signs_in_to_their_tenant(stack, browser):
    page = stack.sign_in(browser, "owner@acme.test", f"organization={org_id('acme')}")
    assert page.status_code == 200
    assert urlsplit(page.url).path == dashboard_path("acme")
    assert "Acme Corporation" in page.text and "Owner" in page.text


def test_organization_by_name_is_accepted(stack, browser):
    page = stack.sign_in(browser, "owner@acme.test", "organization=acme")
    assert urlsplit(page.url).path == dashboard_path("acme")


def test_person_in_two_tenants_chooses_then_switches(stack, browser):
    page = stack.sign_in(browser, "multi@portal.test")
    assert urlsplit(page.url).path == "/choose-tenant/"
    assert "Acme Corporation" in page.text and "Globex" in page.text
    # Choosing is a new sign-in with `organization`; the Auth0 session makes it password-free.
    page = browser.get(stack.url(f"/login/?organization={org_id('globex')}"))
    assert urlsplit(page.url).path == dashboard_path("globex")
    page = browser.get(stack.url(dashboard_path("acme")))
    assert urlsplit(page.url).path == dashboard_path("acme")


def test_session_key_rotates_at_sign_in(stack, browser):
    browser.get(stack.url("/"))
    before = browser.http.cookies.get("sessionid")
    stack.sign_in(browser, "owner@acme.test", f"organization={org_id('acme')}")
    assert browser.http.cookies.get("sessionid") not in (None, before)


def test_person_who_is_not_a_member_is_refused(stack, browser):
    page = stack.sign_in(browser, "member@acme.test", f"organization={org_id('globex')}")
    assert page.status_code in (400, 403)
    assert "could not sign you in" in page.text
    assert "not part of" in page.text  # Auth0's own reason is shown
    assert browser.get(stack.url("/")).url.rstrip("/") == stack.portal


def authorize_url_from_portal(stack, browser, query: str) -> str:
    response = browser.get(stack.url(f"/login/?{query}"), allow_redirects=False)
    assert response.status_code == 302
    return response.headers["Location"]


def with_params(url: str, **changes: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(query=urlencode({**query_of(url), **changes})))


def enter_credentials(browser, url: str, email: str):
    page = browser.get(url)
    assert has_password_form(page), page.text[:500]
    return browser.submit(
        page, {"username": email, "password": DEMO_PASSWORD}, having="password", follow=False
    )


def callback_url(browser, response) -> str:
    """Follow the emulator's redirects until the one that points back at the portal."""
    while "/complete/auth0/" not in response.headers.get("Location", ""):
        assert response.status_code in (302, 303), response.text[:500]
        response = browser.get(response.headers["Location"], allow_redirects=False)
    return response.headers["Location"]


def test_token_for_another_organization_is_refused(stack, browser):
    # The portal asked for Acme; a tampered /authorize asks Auth0 for Globex instead.
    url = authorize_url_from_portal(stack, browser, f"organization={org_id('acme')}")
    tampered = with_params(url, organization=org_id("globex"))
    page = browser.get(
        callback_url(browser, enter_credentials(browser, tampered, "multi@portal.test"))
    )
    assert page.status_code == 403
    assert "instead of" in page.text
    assert browser.get(stack.url("/")).url.rstrip("/") == stack.portal  # not signed in


def test_tampered_state_is_refused(stack, browser):
    url = authorize_url_from_portal(stack, browser, f"organization={org_id('acme')}")
    callback = callback_url(browser, enter_credentials(browser, url, "owner@acme.test"))
    page = browser.get(with_params(callback, state="forged-state-value"))
    assert page.status_code == 400
    assert "could not sign you in" in page.text


def test_replayed_callback_and_replayed_code_are_refused(stack, browser):
    url = authorize_url_from_portal(stack, browser, f"organization={org_id('acme')}")
    callback = callback_url(browser, enter_credentials(browser, url, "owner@acme.test"))
    assert urlsplit(browser.get(callback).url).path == dashboard_path("acme")
    # The same callback again: its state was used up.
    assert browser.get(callback).status_code == 400
    # The old code with a fresh state: Auth0 refuses to redeem a code twice.
    fresh = authorize_url_from_portal(stack, browser, f"organization={org_id('acme')}")
    replay = with_params(callback, state=query_of(fresh)["state"])
    page = browser.get(replay)
    assert page.status_code == 400
    assert "could not sign you in" in page.text


def test_pkce_mismatch_is_refused(stack, browser):
    url = authorize_url_from_portal(stack, browser, f"organization={org_id('acme')}")
    tampered = with_params(url, code_challenge="A" * 43)
    page = browser.get(
        callback_url(browser, enter_credentials(browser, tampered, "owner@acme.test"))
    )
    assert page.status_code == 400
    assert "could not sign you in" in page.text
    assert "Failed to verify code verifier" in page.text  # Auth0's reason for the refusal
    # Not signed in: the dashboard sends the browser to sign in.
    dashboard = browser.get(stack.url(dashboard_path("acme")), allow_redirects=False)
    assert dashboard.status_code == 302
    assert urlsplit(dashboard.headers["Location"]).path == "/login/"


def test_next_is_followed_on_this_site(stack, browser):
    target = dashboard_path("acme") + "?tab=people"
    page = stack.sign_in(
        browser, "owner@acme.test", urlencode({"organization": org_id("acme"), "next": target})
    )
    assert page.url == stack.url(target)


def test_open_redirects_in_next_are_ignored(stack, browser):
    for evil in ("//evil.test", "https:evil.test", "/\\evil.test", "https://evil.test/x"):
        browser.http.cookies.clear()
        page = stack.sign_in(
            browser, "owner@acme.test", urlencode({"organization": org_id("acme"), "next": evil})
        )
        assert page.url.startswith(stack.portal), (evil, page.url)
        assert urlsplit(page.url).path == dashboard_path("acme")


def test_login_after_accepting_membership_elsewhere_records_it(stack, browser):
    # Auth0 knows member@acme.test is in Globex (e.g. an accepted invitation); the portal not yet.
    from portal import auth0

    globex, member = Tenant.objects.get(name="globex"), "member@acme.test"
    client = auth0.management_client()
    user_id = client.users.list_users_by_email(email=member)[0].user_id
    client.organizations.members.create(globex.auth0_org_id, members=[user_id])
    page = stack.sign_in(browser, member, f"organization={globex.auth0_org_id}")
    assert urlsplit(page.url).path == dashboard_path("globex")
    membership = Membership.objects.get(tenant=globex, user__email=member)
    assert [r.name for r in membership.roles.all()] == ["member"]


def organization_create(client, name: str):
    """An organization the portal knows nothing of, open to the database connection."""
    (connection,) = client.connections.list(name=settings.AUTH0_DATABASE_CONNECTION)
    return client.organizations.create(
        name=name, display_name=name.title(), enabled_connections=[{"connection_id": connection.id}]
    )


def test_organization_unknown_to_the_portal_is_refused(stack, browser):
    from portal import auth0

    client = auth0.management_client()
    stray = organization_create(client, "stray")
    user_id = client.users.list_users_by_email(email="owner@acme.test")[0].user_id
    client.organizations.members.create(stray.id, members=[user_id])
    page = stack.sign_in(browser, "owner@acme.test", f"organization={stray.id}")
    assert page.status_code == 403
    assert "not a tenant of this portal" in page.text


def test_logout_ends_both_sessions(stack, browser):
    stack.sign_in(browser, "owner@acme.test", f"organization={org_id('acme')}")
    page = browser.get(stack.url("/logout/"))
    page = browser.submit(page, {}, having="csrfmiddlewaretoken")
    assert page.url.rstrip("/") == stack.portal
    assert "Sign in" in page.text
    # Neither session survives: the dashboard sends the browser through sign-in, and
    # Auth0 asks for the password again instead of reusing its session.
    page = browser.get(stack.url(dashboard_path("acme")))
    assert page.url.startswith(stack.emulator.url)
    assert has_password_form(page)


def invite(email: str, org_id: str):
    """A real invitation, created through the Management API as a tenant admin's would be."""
    from portal import auth0
    from tenants.models import Role

    return auth0.management_client().organizations.invitations.create(
        org_id,
        inviter={"name": "Olivia Owner"},
        invitee={"email": email},
        client_id=settings.AUTH0_CLIENT_ID,
        roles=[Role.objects.get(name="member").auth0_id],
    )


def test_invitee_signs_up_through_the_invitation_link(stack, browser):
    acme = Tenant.objects.get(name="acme")
    invitation = invite("new.hire@acme.test", acme.auth0_org_id)
    assert invitation.invitation_url.startswith(stack.url("/login/?"))
    assert query_of(invitation.invitation_url)["organization_name"] == "acme"

    authorize = browser.get(invitation.invitation_url, allow_redirects=False)
    sent = query_of(authorize.headers["Location"])
    assert authorize.headers["Location"].startswith(stack.emulator.url + "/authorize?")
    assert sent["invitation"] == invitation.ticket_id
    assert sent["organization"] == acme.auth0_org_id
    assert "organization_name" not in sent

    signup = browser.get(authorize.headers["Location"])
    assert "Create your account" in signup.text
    password = "Brand-new-Passw0rd"
    page = browser.submit(
        signup, {"password": password, "password_confirmation": password}, having="password"
    )
    assert urlsplit(page.url).path == dashboard_path("acme")
    membership = Membership.objects.get(tenant=acme, user__email="new.hire@acme.test")
    assert [r.name for r in membership.roles.all()] == ["member"]


def test_an_invitation_to_a_deleted_organization_says_which_one(stack, browser):
    from portal import auth0

    client = auth0.management_client()
    gone = organization_create(client, "gone")
    invitation = invite("late@gone.test", gone.id)
    client.organizations.delete(gone.id)

    page = browser.get(invitation.invitation_url)
    assert urlsplit(page.url).path == "/complete/auth0/"
    assert page.status_code == 400
    assert "The invitation to join gone could not be used." in page.text
    assert "ask the person who invited you for a new one" in page.text


def deny_every_login(reason: str) -> None:
    """A second Post-Login Action, bound after the portal's, that refuses every sign-in."""
    from portal import auth0

    client = auth0.management_client()
    action = client.actions.create(
        name="deny-every-login",
        code="exports.onExecutePostLogin = async (event, api) => "
        f"{{ api.access.deny({json.dumps(reason)}); }};",
        runtime="node22",
        supported_triggers=[{"id": "post-login", "version": "v3"}],
    )
    client.actions.deploy(action.id)
    bound = [
        {"ref": {"type": "action_id", "value": b.action.id}, "display_name": b.display_name}
        for b in client.actions.triggers.bindings.list("post-login")
    ]
    client.actions.triggers.bindings.update_many(
        "post-login",
        bindings=[
            *bound,
            {"ref": {"type": "action_id", "value": action.id}, "display_name": action.name},
        ],
    )


def test_a_sign_in_denied_by_an_action_shows_its_reason(stack, browser):
    deny_every_login("Sign-ins are paused for maintenance")
    page = stack.sign_in(browser, "owner@acme.test", f"organization={org_id('acme')}")
    assert urlsplit(page.url).path == "/complete/auth0/"
    assert page.status_code == 403
    assert "Auth0 did not let you in." in page.text
    assert "Sign-ins are paused for maintenance" in page.text
    dashboard = browser.get(stack.url(dashboard_path("acme")), allow_redirects=False)
    assert urlsplit(dashboard.headers["Location"]).path == "/login/"  # not signed in
