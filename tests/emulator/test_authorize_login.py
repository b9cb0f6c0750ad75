"""/authorize and the login page: checks, credentials, SSO sessions, prompt=login|none."""

from __future__ import annotations

import pytest
import requests

from .mgmt_client import management_client
from .oidc_support import (
    API,
    CALLBACK,
    PASSWORD,
    TIMEOUT,
    Browser,
    Page,
    exchange_code,
    pkce_pair,
    seed_api,
    seed_user,
)


@pytest.fixture
def ada(emulator):
    return seed_user(emulator.emulator.store, "ada@example.test")


def test_login_page_shows_a_form_for_the_transaction(emulator, client):
    page = Browser(emulator.url).authorize(client)

    assert page.status == 200
    assert "/u/login?state=" in page.url
    assert set(page.fields) == {"state", "username", "password"}
    assert page.url.endswith(page.fields["state"])
    assert 'autocomplete="current-password"' in page.text
    assert page.response.headers["X-Frame-Options"] == "DENY"


def test_code_flow_with_pkce_returns_code_and_state_to_the_callback(emulator, client, ada):
    verifier, challenge = pkce_pair()
    callback = Browser(emulator.url).login(
        client,
        ada["email"],
        state="xyz-123",
        code_challenge=challenge,
        code_challenge_method="S256",
    )

    assert callback["_url"] == CALLBACK
    assert callback["state"] == "xyz-123"
    tokens = exchange_code(emulator.url, client, callback["code"], code_verifier=verifier)
    assert tokens.status_code == 200, tokens.text
    assert set(tokens.json()) == {"access_token", "id_token", "scope", "expires_in", "token_type"}


@pytest.mark.parametrize("email", ["ada@example.test", "nobody@example.test"])
def test_wrong_credentials_get_one_message_for_unknown_user_and_wrong_password(
    emulator, client, ada, email
):
    browser = Browser(emulator.url)
    page = browser.submit(browser.authorize(client), username=email, password="not-it")

    assert page.status == 400
    assert "Wrong email or password." in page.text
    assert page.fields["username"] == email


def test_login_records_the_sign_in_on_the_user(emulator, client, ada):
    Browser(emulator.url).login(client, "ADA@example.test")

    user = emulator.emulator.store.get("users", ada["user_id"])
    assert user["logins_count"] == 1
    assert user["last_ip"] == "127.0.0.1"
    assert user["last_login"].endswith("Z")


def test_blocked_user_is_refused(emulator, client):
    blocked = seed_user(emulator.emulator.store, "eve@example.test", blocked=True)

    callback = Browser(emulator.url).login(client, blocked["email"])

    assert callback["error"] == "unauthorized"
    assert callback["error_description"] == "user is blocked"


def test_unknown_client_gets_an_error_page_not_a_redirect(emulator):
    response = requests.get(
        f"{emulator.url}/authorize",
        params={"client_id": "nope", "redirect_uri": CALLBACK, "response_type": "code"},
        allow_redirects=False,
        timeout=TIMEOUT,
    )

    assert response.status_code == 400
    assert response.headers["Content-Type"].startswith("text/html")
    assert "Unknown client: nope" in response.text


def test_unregistered_redirect_uri_gets_an_error_page_not_a_redirect(emulator, client):
    page = Browser(emulator.url).authorize(client, redirect_uri="https://evil.example/cb")

    assert page.status == 400
    assert "Callback URL mismatch" in page.text
    assert "https://evil.example/cb" in page.text


def test_response_types_other_than_code_are_refused_at_the_callback(emulator, client):
    callback = Browser(emulator.url).authorize(client, response_type="token", state="s1")

    assert callback["error"] == "unsupported_response_type"
    assert callback["error_description"] == "Unsupported response type: token"
    assert callback["state"] == "s1"


def test_unknown_audience_is_refused_like_auth0(emulator, client):
    callback = Browser(emulator.url).authorize(client, audience="https://nowhere.test/")

    assert callback["error"] == "access_denied"
    assert callback["error_description"] == "Service not found: https://nowhere.test/"


def test_known_audience_is_accepted(emulator, client, ada):
    seed_api(emulator.emulator.store)

    callback = Browser(emulator.url).login(client, ada["email"], audience=API)

    assert "code" in callback


def test_sso_session_skips_the_login_form(emulator, client, ada):
    browser = Browser(emulator.url)
    browser.login(client, ada["email"])

    callback = browser.authorize(client)

    assert "code" in callback
    cookie = next(c for c in browser.http.cookies if c.name == "auth0")
    assert cookie.has_nonstandard_attr("HttpOnly")
    assert cookie.get_nonstandard_attr("SameSite") == "Lax"


def test_prompt_login_forces_the_form_despite_a_session(emulator, client, ada):
    browser = Browser(emulator.url)
    browser.login(client, ada["email"])

    page = browser.authorize(client, prompt="login")

    assert isinstance(page, Page)
    assert "/u/login" in page.url


def test_prompt_none_without_session_returns_login_required(emulator, client):
    callback = Browser(emulator.url).authorize(client, prompt="none", state="silent")

    assert callback["error"] == "login_required"
    assert callback["error_description"] == "Login required"
    assert callback["state"] == "silent"


def test_prompt_none_with_session_returns_a_code(emulator, client, ada):
    browser = Browser(emulator.url)
    browser.login(client, ada["email"])

    assert "code" in browser.authorize(client, prompt="none")


def test_ended_sessions_force_a_new_login(emulator, client, ada):
    browser = Browser(emulator.url)
    browser.login(client, ada["email"])

    management_client(emulator).users.sessions.delete(ada["user_id"])

    assert browser.authorize(client, prompt="none")["error"] == "login_required"
    assert "/u/login" in browser.authorize(client).url


def test_login_form_posted_from_another_browser_is_refused(emulator, client, ada):
    page = Browser(emulator.url).authorize(client)

    # A cross-site post carries no SameSite=Lax cookie: the device binding is missing.
    response = requests.post(
        page.url.split("?")[0],
        data={**page.fields, "username": ada["email"], "password": PASSWORD},
        allow_redirects=False,
        timeout=TIMEOUT,
    )

    assert response.status_code == 400
    assert "started in another browser" in response.text


def test_form_post_response_mode_posts_the_code_to_the_callback(emulator, client, ada):
    page = Browser(emulator.url).login(client, ada["email"], response_mode="form_post")

    assert page.form_action == CALLBACK
    assert set(page.fields) == {"code", "state"}


def test_login_hint_fills_in_the_email(emulator, client):
    page = Browser(emulator.url).authorize(client, login_hint="ada@example.test")

    assert page.fields["username"] == "ada@example.test"


def test_fragment_response_mode_puts_the_code_in_the_fragment(emulator, client, ada):
    browser = Browser(emulator.url)
    browser.login(client, ada["email"])

    response = browser.http.get(
        f"{emulator.url}/authorize",
        params={
            "response_type": "code",
            "client_id": client["client_id"],
            "redirect_uri": CALLBACK,
            "response_mode": "fragment",
            "state": "frag",
        },
        allow_redirects=False,
        timeout=TIMEOUT,
    )

    location = response.headers["Location"]
    assert location.startswith(f"{CALLBACK}#code=")
    assert location.endswith("&state=frag")
