"""/v2/logout and /oidc/logout: the SSO session ends, redirects only to allowed URLs."""

from __future__ import annotations

import pytest
import requests

from .oidc_support import (
    LOGOUT_URL,
    TIMEOUT,
    Browser,
    Page,
    seed_user,
    sign_in,
    tenant_settings_update,
)


@pytest.fixture
def ada(store):
    return seed_user(store, "ada@example.test")


@pytest.fixture
def signed_in(emulator, client, ada) -> Browser:
    browser = Browser(emulator.url)
    browser.login(client, ada["email"])
    return browser


def test_logout_to_an_allowed_url_ends_the_session(emulator, store, client, ada, signed_in):
    callback = signed_in.get("/v2/logout", client_id=client["client_id"], returnTo=LOGOUT_URL)

    assert callback["_url"] == LOGOUT_URL
    assert store.find("sessions", lambda s: s["user_id"] == ada["user_id"]) == []
    assert "auth0" not in signed_in.http.cookies
    assert "/u/login" in signed_in.authorize(client).url


def test_logout_to_an_unlisted_url_is_refused_and_keeps_the_session(emulator, client, signed_in):
    page = signed_in.get(
        "/v2/logout", client_id=client["client_id"], returnTo="https://evil.example/"
    )

    assert page.status == 400
    assert "Allowed Logout URLs" in page.text
    assert "code" in signed_in.authorize(client)


def test_logout_without_client_uses_the_tenants_allowed_urls(emulator, store, signed_in):
    tenant_settings_update(store, allowed_logout_urls=["https://portal.example.test/"])

    allowed = signed_in.get("/v2/logout", returnTo="https://portal.example.test/")
    refused = signed_in.get("/v2/logout", returnTo=LOGOUT_URL)

    assert allowed["_url"] == "https://portal.example.test/"
    assert refused.status == 400


def test_logout_without_return_to_shows_a_signed_out_page(emulator, client, signed_in):
    page = signed_in.get("/v2/logout")

    assert isinstance(page, Page)
    assert page.status == 200
    assert "You are signed out" in page.text
    assert signed_in.authorize(client, prompt="none")["error"] == "login_required"


def test_oidc_logout_identifies_the_client_by_its_id_token(emulator, client, ada, signed_in):
    id_token = sign_in(emulator.url, client, ada["email"])["id_token"]

    callback = signed_in.get(
        "/oidc/logout",
        id_token_hint=id_token,
        post_logout_redirect_uri=LOGOUT_URL,
        state="bye-1",
    )

    assert callback["_url"] == LOGOUT_URL
    assert callback["state"] == "bye-1"
    assert signed_in.authorize(client, prompt="none")["error"] == "login_required"


def test_oidc_logout_refuses_a_redirect_without_knowing_the_client(emulator, signed_in):
    page = signed_in.get("/oidc/logout", post_logout_redirect_uri=LOGOUT_URL)

    assert page.status == 400


def test_oidc_logout_refuses_a_forged_id_token_hint(emulator, client, signed_in):
    response = requests.get(
        f"{emulator.url}/oidc/logout",
        params={"id_token_hint": "e30.e30.bm9wZQ", "post_logout_redirect_uri": LOGOUT_URL},
        allow_redirects=False,
        timeout=TIMEOUT,
    )

    assert response.status_code == 400
    assert "id_token_hint" in response.text
