"""Signing in to an organization: membership, client organization settings, the prompts."""

from __future__ import annotations

import jwt
import pytest
from auth0.authentication.token_verifier import AsymmetricSignatureVerifier, TokenVerifier

from .oidc_support import (
    API,
    Browser,
    Page,
    seed_api,
    seed_client,
    seed_global_role,
    seed_membership,
    seed_organization,
    seed_role,
    seed_user,
    sign_in,
    tenant_settings_update,
)


@pytest.fixture
def ada(store, acme):
    user = seed_user(store, "ada@example.test")
    seed_membership(store, acme, user)
    return user


def claims_of(token: str) -> dict:
    return jwt.decode(token, options={"verify_signature": False})


def test_organization_login_puts_org_id_in_both_tokens(emulator, store, client, acme, ada):
    seed_api(store)

    tokens = sign_in(emulator.url, client, ada["email"], organization=acme["id"], audience=API)

    verifier = TokenVerifier(
        signature_verifier=AsymmetricSignatureVerifier(f"{emulator.url}/.well-known/jwks.json"),
        issuer=f"{emulator.url}/",
        audience=client["client_id"],
    )
    assert verifier.verify(tokens["id_token"], organization=acme["id"])["org_id"] == acme["id"]
    assert claims_of(tokens["access_token"])["org_id"] == acme["id"]
    assert "org_name" not in claims_of(tokens["access_token"])


def test_org_name_is_added_when_the_tenant_allows_names(emulator, store, client, acme, ada):
    tenant_settings_update(store, allow_organization_name_in_authentication_api=True)
    seed_api(store)

    tokens = sign_in(emulator.url, client, ada["email"], organization="ACME", audience=API)

    for token in (tokens["id_token"], tokens["access_token"]):
        assert claims_of(token)["org_id"] == acme["id"]
        assert claims_of(token)["org_name"] == "acme"


def test_organization_name_is_refused_while_the_tenant_disallows_names(emulator, client):
    callback = Browser(emulator.url).authorize(client, organization="acme")

    assert callback["error"] == "invalid_request"
    assert callback["error_description"] == (
        "authorization request parameter organization must be an organization id"
    )


def test_permissions_come_from_the_members_roles_in_that_organization(
    emulator, store, client, acme
):
    seed_api(store)
    globex = seed_organization(store, "globex")
    ada = seed_user(store, "ada@example.test")
    seed_membership(store, acme, ada, [seed_role(store, "reader", ["read:bookings"])])
    seed_membership(store, globex, ada, [seed_role(store, "writer", ["write:bookings"])])
    seed_global_role(store, ada, seed_role(store, "staff", ["read:everything"]))

    tokens = sign_in(emulator.url, client, ada["email"], organization=acme["id"], audience=API)

    assert claims_of(tokens["access_token"])["permissions"] == ["read:bookings"]


def test_non_member_is_refused_with_auth0s_description(emulator, store, client, acme):
    outsider = seed_user(store, "eve@example.test")

    callback = Browser(emulator.url).login(client, outsider["email"], organization=acme["id"])

    assert callback["error"] == "access_denied"
    assert callback["error_description"] == (
        f"user {outsider['user_id']} is not part of the {acme['id']} organization"
    )


def test_sso_session_does_not_bypass_membership(emulator, store, client, acme, ada):
    globex = seed_organization(store, "globex")
    browser = Browser(emulator.url)
    browser.login(client, ada["email"], organization=acme["id"])

    callback = browser.authorize(client, organization=globex["id"])

    assert callback["error"] == "access_denied"


def test_unknown_organization_is_refused(emulator, client):
    callback = Browser(emulator.url).authorize(client, organization="org_doesnotexist")

    assert callback["error"] == "invalid_request"
    assert "no organization found" in callback["error_description"]


def test_client_that_denies_organizations_refuses_the_parameter(emulator, store, acme):
    client = seed_client(store, organization_usage="deny")

    callback = Browser(emulator.url).authorize(client, organization=acme["id"])

    assert callback["error_description"] == "parameter organization is not allowed for this client"


def test_required_organization_without_prompt_refuses_a_login_without_one(emulator, store):
    client = seed_client(store, organization_usage="require")

    callback = Browser(emulator.url).authorize(client)

    assert callback["error"] == "invalid_request"
    assert callback["error_description"] == "parameter organization is required for this client"


def test_pre_login_prompt_asks_for_the_organization_name_first(emulator, store, acme, ada):
    client = seed_client(
        store, organization_usage="require", organization_require_behavior="pre_login_prompt"
    )
    browser = Browser(emulator.url)

    prompt = browser.authorize(client)
    assert "/u/organization?" in prompt.url
    unknown = browser.submit(prompt, organization="nope")
    assert unknown.status == 400
    assert "The organization you entered is invalid." in unknown.text

    login = browser.submit(unknown, organization="acme")
    assert "/u/login" in login.url
    assert "Acme Ltd" in login.text
    callback = browser.submit(login, username=ada["email"], password="Correct-Horse-7")
    assert "code" in callback


def test_post_login_prompt_lets_a_member_pick_one_of_their_organizations(
    emulator, store, acme, ada
):
    globex = seed_organization(store, "globex", "Globex Corporation")
    seed_membership(store, globex, ada)
    seed_organization(store, "initech", "Initech")  # not Ada's: never listed
    client = seed_client(
        store, organization_usage="require", organization_require_behavior="post_login_prompt"
    )
    browser = Browser(emulator.url)

    picker = browser.submit(
        browser.authorize(client), username=ada["email"], password="Correct-Horse-7"
    )

    assert isinstance(picker, Page)
    assert "/u/organization-picker" in picker.url
    assert "Acme Ltd" in picker.text and "Globex Corporation" in picker.text
    assert "Initech" not in picker.text
    callback = browser.submit(picker, organization=globex["id"])
    assert "code" in callback


def test_post_login_prompt_refuses_an_organization_the_user_is_not_in(emulator, store, ada):
    initech = seed_organization(store, "initech")
    client = seed_client(
        store, organization_usage="require", organization_require_behavior="post_login_prompt"
    )
    browser = Browser(emulator.url)
    picker = browser.submit(
        browser.authorize(client), username=ada["email"], password="Correct-Horse-7"
    )

    refused = browser.submit(picker, organization=initech["id"])

    assert refused.status == 400
    assert "Choose one of the organizations listed." in refused.text


def test_post_login_prompt_refuses_a_user_in_no_organization(emulator, store):
    loner = seed_user(store, "loner@example.test")
    client = seed_client(
        store, organization_usage="require", organization_require_behavior="post_login_prompt"
    )

    callback = Browser(emulator.url).login(client, loner["email"])

    assert callback["error"] == "access_denied"
    assert callback["error_description"] == (
        f"user {loner['user_id']} is not part of any organization"
    )


def test_organization_without_connections_refuses_sign_in(emulator, store, client, ada):
    closed = seed_organization(store, "closed", connected=False)

    callback = Browser(emulator.url).authorize(client, organization=closed["id"])

    assert callback["error"] == "invalid_request"
    assert callback["error_description"] == "no connections enabled for the organization"


def test_connection_that_assigns_membership_makes_a_signing_in_person_a_member(
    emulator, store, client
):
    open_org = seed_organization(store, "open", assign_membership_on_login=True)
    newcomer = seed_user(store, "newcomer@example.test")

    tokens = sign_in(emulator.url, client, newcomer["email"], organization=open_org["id"])

    assert claims_of(tokens["id_token"])["org_id"] == open_org["id"]
    membership = store.get("members", f"{open_org['id']}|{newcomer['user_id']}")
    assert membership is not None and membership["roles"] == []
