"""Accepting an organization invitation through /authorize?invitation=…&organization=…

The whole life of an invitation made through the Management API (sign-up, reuse, expiry,
deletion) is in test_invitation_lifecycle.py; these seed the store for the other cases.
"""

from __future__ import annotations

import pytest

from .oidc_support import (
    PASSWORD,
    Browser,
    Page,
    seed_invitation,
    seed_membership,
    seed_organization,
    seed_role,
    seed_user,
)

NEW_PASSWORD = "Brand-new-Passw0rd"


@pytest.fixture
def editor(store):
    return seed_role(store, "editor")


def open_invitation(emulator, client, invitation, organization) -> tuple[Browser, Page]:
    browser = Browser(emulator.url)
    page = browser.authorize(
        client, invitation=invitation["ticket_id"], organization=organization["id"]
    )
    return browser, page


def test_existing_user_logs_in_and_gets_the_roles_added(emulator, store, client, acme, editor):
    ada = seed_user(store, "ada@example.test")
    viewer = seed_role(store, "viewer")
    seed_membership(store, acme, ada, [viewer])
    invitation = seed_invitation(store, acme, client, "Ada@Example.test", roles=[editor])
    browser, login = open_invitation(emulator, client, invitation, acme)

    assert "/u/login" in login.url
    assert login.fields["username"] == "Ada@Example.test"
    callback = browser.submit(login, password=PASSWORD)

    assert "code" in callback
    member = store.get("members", f"{acme['id']}|{ada['user_id']}")
    assert member["roles"] == [viewer["id"], editor["id"]]
    assert store.get("invitations", invitation["id"]) is None


def test_invitee_with_an_sso_session_joins_without_the_form(emulator, store, client, acme):
    ada = seed_user(store, "ada@example.test")
    invitation = seed_invitation(store, acme, client, ada["email"])
    browser = Browser(emulator.url)
    browser.login(client, ada["email"])

    callback = browser.authorize(
        client, invitation=invitation["ticket_id"], organization=acme["id"]
    )

    assert "code" in callback
    assert store.get("members", f"{acme['id']}|{ada['user_id']}") is not None


def test_an_invitation_for_another_organization_is_refused(emulator, store, client, acme):
    globex = seed_organization(store, "globex")
    invitation = seed_invitation(store, globex, client, "new@example.test")

    _, page = open_invitation(emulator, client, invitation, acme)

    assert page.status == 400
    assert "This invitation is for another organization." in page.text


def test_signed_in_email_must_be_the_invitees(emulator, store, client, acme):
    ada = seed_user(store, "ada@example.test")
    invitation = seed_invitation(store, acme, client, ada["email"])
    seed_user(store, "eve@example.test")
    browser, login = open_invitation(emulator, client, invitation, acme)

    # The username field is read-only in the page; a tampered form must still fail.
    refused = browser.submit(login, username="eve@example.test", password=PASSWORD)

    assert refused.status == 400
    assert "This invitation was sent to ada@example.test." in refused.text
    assert store.get("invitations", invitation["id"]) is not None


def test_weak_password_shows_auth0s_policy(emulator, store, client, acme):
    invitation = seed_invitation(store, acme, client, "new@example.test")
    browser, signup = open_invitation(emulator, client, invitation, acme)

    page = browser.submit(signup, password="short", password_confirmation="short")

    assert page.status == 400
    assert "Your password must contain:" in page.text
    assert "At least 8 characters" in page.text
    assert store.first("users", lambda u: u["email"] == "new@example.test") is None


def test_password_confirmation_must_match(emulator, store, client, acme):
    invitation = seed_invitation(store, acme, client, "new@example.test")
    browser, signup = open_invitation(emulator, client, invitation, acme)

    page = browser.submit(signup, password=NEW_PASSWORD, password_confirmation=NEW_PASSWORD + "x")

    assert page.status == 400
    assert "The passwords do not match." in page.text


def test_invitation_without_organization_is_refused(emulator, store, client, acme):
    invitation = seed_invitation(store, acme, client, "new@example.test")

    callback = Browser(emulator.url).authorize(client, invitation=invitation["ticket_id"])

    assert callback["error"] == "invalid_request"
