"""Seeding the emulated tenant's store, and a browser that signs in through the login pages.

The browser is ``requests`` plus a small HTML form reader: it follows redirects while they
stay on the emulator and stops at the first one that leaves for the client's callback, so
tests see exactly what the client would receive.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
import time
from urllib.parse import parse_qsl, urljoin, urlsplit

import requests

from auth0_emulator.management.organization_connections import DEFAULTS as CONNECTION_DEFAULTS
from auth0_emulator.memberships import membership_or_new, membership_save
from auth0_emulator.passwords import hash_password
from auth0_emulator.tenant import DATABASE_CONNECTION, iso_now, new_id
from tests.html_forms import forms

PASSWORD = "Correct-Horse-7"
CALLBACK = "https://app.example.test/callback"
LOGOUT_URL = "https://app.example.test/signed-out"
API = "https://api.example.test/"
TIMEOUT = 10


# -- seeding ---------------------------------------------------------------------------------


def seed_client(store, client_id: str | None = None, **fields) -> dict:
    """A regular web application with one callback, organizations allowed, rotating tokens."""
    client_id = client_id or new_id("", 32)
    return store.put("clients", client_id, {
        "client_id": client_id,
        "client_secret": f"{client_id}-secret",
        "name": "Example app",
        "app_type": "regular_web",
        "grant_types": ["authorization_code", "refresh_token"],
        "callbacks": [CALLBACK],
        "allowed_logout_urls": [LOGOUT_URL],
        "organization_usage": "allow",
        "organization_require_behavior": "no_prompt",
        "jwt_configuration": {"alg": "RS256", "lifetime_in_seconds": 36000},
        "refresh_token": {
            "rotation_type": "rotating",
            "expiration_type": "expiring",
            "token_lifetime": 2592000,
            "idle_token_lifetime": 1296000,
        },
        **fields,
    })  # fmt: skip


def seed_user(store, email: str, password: str = PASSWORD, **fields) -> dict:
    local_id = secrets.token_hex(12)
    user_id = f"auth0|{local_id}"
    return store.put("users", user_id, {
        "user_id": user_id,
        "email": email,
        "email_verified": True,
        "name": email,
        "nickname": email.split("@")[0],
        "picture": "https://example.test/avatar.png",
        "identities": [{
            "connection": DATABASE_CONNECTION, "user_id": local_id, "provider": "auth0",
            "isSocial": False,
        }],
        "app_metadata": {},
        "user_metadata": {},
        "created_at": iso_now(),
        "updated_at": iso_now(),
        "_password_hash": hash_password(password),
        **fields,
    })  # fmt: skip


def seed_api(store, identifier: str = API, **fields) -> dict:
    api_id = new_id("", 24)
    return store.put("resource_servers", api_id, {
        "id": api_id,
        "name": "Example API",
        "identifier": identifier,
        "scopes": [{"value": "read:bookings"}, {"value": "write:bookings"}],
        "signing_alg": "RS256",
        "token_lifetime": 86400,
        "allow_offline_access": True,
        "enforce_policies": True,
        "token_dialect": "access_token_authz",
        **fields,
    })  # fmt: skip


def seed_organization(
    store,
    name: str,
    display_name: str | None = None,
    *,
    connected: bool = True,
    **connection_settings: bool,
) -> dict:
    """An organization with the database connection enabled, as the portal's sync leaves it
    (``connection_settings`` such as ``assign_membership_on_login``); ``connected=False``
    enables none."""
    org_id = new_id("org_")
    enabled = []
    if connected:
        connection_id = store.get("connections", DATABASE_CONNECTION)["id"]
        enabled = [{**CONNECTION_DEFAULTS, **connection_settings, "connection_id": connection_id}]
    return store.put("organizations", org_id, {
        "id": org_id, "name": name, "display_name": display_name or name.title(), "metadata": {},
        "_enabled_connections": enabled,
    })  # fmt: skip


def seed_role(store, name: str, permissions: list[str] = (), api: str = API) -> dict:
    role_id = new_id("rol_")
    return store.put("roles", role_id, {
        "id": role_id,
        "name": name,
        "description": name,
        "_permissions": [
            {"resource_server_identifier": api, "permission_name": p} for p in permissions
        ],
    })  # fmt: skip


def seed_membership(store, organization: dict, user: dict, roles: list[dict] = ()) -> dict:
    membership = membership_or_new(store, organization["id"], user["user_id"])
    return membership_save(store, {**membership, "roles": [role["id"] for role in roles]})


def seed_global_role(store, user: dict, role: dict) -> None:
    key = f"{user['user_id']}|{role['id']}"
    store.put("user_roles", key, {"user_id": user["user_id"], "role_id": role["id"]})


def seed_invitation(
    store,
    organization: dict,
    client: dict,
    email: str,
    *,
    roles: list[dict] = (),
    expires_in: float = 7 * 24 * 3600,
    **fields,
) -> dict:
    invitation_id = new_id("uinv_")
    now = time.time()
    return store.put("invitations", invitation_id, {
        "id": invitation_id,
        "organization_id": organization["id"],
        "client_id": client["client_id"],
        "inviter": {"name": "Grace Hopper"},
        "invitee": {"email": email},
        "ticket_id": new_id("", 32),
        "roles": [role["id"] for role in roles],
        "app_metadata": {},
        "user_metadata": {},
        "created_at": iso_now(now),
        "expires_at": iso_now(now + expires_in),
        **fields,
    })  # fmt: skip


def seed_client_grant(store, client: dict, audience: str, scopes: list[str]) -> dict:
    grant_id = new_id("cgr_")
    return store.put("client_grants", grant_id, {
        "id": grant_id, "client_id": client["client_id"], "audience": audience, "scope": scopes,
    })  # fmt: skip


def tenant_settings_update(store, **settings) -> None:
    tenant = store.get("tenant_settings", "tenant")
    store.put("tenant_settings", "tenant", {**tenant, **settings})


# -- PKCE and the token endpoint ------------------------------------------------------------


def pkce_pair() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(48)
    digest = hashlib.sha256(verifier.encode()).digest()
    return verifier, base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def token_request(base_url: str, **form) -> requests.Response:
    return requests.post(f"{base_url}/oauth/token", data=form, timeout=TIMEOUT)


def exchange_code(base_url: str, client: dict, code: str, **extra) -> requests.Response:
    form = {"redirect_uri": CALLBACK, **extra}
    return token_request(
        base_url,
        grant_type="authorization_code",
        client_id=client["client_id"],
        client_secret=client["client_secret"],
        code=code,
        **form,
    )


def refresh(base_url: str, client: dict, refresh_token: str, **extra) -> requests.Response:
    return token_request(
        base_url,
        grant_type="refresh_token",
        client_id=client["client_id"],
        client_secret=client["client_secret"],
        refresh_token=refresh_token,
        **extra,
    )


# -- the browser -----------------------------------------------------------------------------


class Page:
    """A response from the emulator, with the form it holds (if any)."""

    def __init__(self, response: requests.Response) -> None:
        self.response = response
        self.status = response.status_code
        self.url = response.url
        self.text = response.text
        form = next(iter(forms(response.text)), None)
        self.form_action = form.action if form else None
        self.fields = form.fields if form else {}


class Browser:
    """Signs in like a person at a browser: cookies kept, forms read and submitted."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.http = requests.Session()

    def authorize(self, client: dict, **params) -> Page | dict[str, str]:
        """Start at /authorize; a page to fill in, or what the client's callback receives."""
        query = {
            "response_type": "code",
            "client_id": client["client_id"],
            "redirect_uri": CALLBACK,
            "scope": "openid profile email",
            "state": secrets.token_urlsafe(8),
            **params,
        }
        response = self.http.get(
            f"{self.base_url}/authorize", params=query, allow_redirects=False, timeout=TIMEOUT
        )
        return self._follow(response)

    def submit(self, page: Page, **fields) -> Page | dict[str, str]:
        """Post the page's form with its hidden fields, ``fields`` filled in."""
        assert page.form_action is not None, f"no form on {page.url}:\n{page.text}"
        response = self.http.post(
            urljoin(page.url, page.form_action),
            data={**page.fields, **fields},
            allow_redirects=False,
            timeout=TIMEOUT,
        )
        return self._follow(response)

    def login(self, client: dict, email: str, password: str = PASSWORD, **params) -> dict:
        """The callback parameters after signing in through the login page."""
        page = self.authorize(client, **params)
        assert isinstance(page, Page) and "/u/login" in page.url, page
        return self.submit(page, username=email, password=password)

    def get(self, path: str, **params) -> Page | dict[str, str]:
        response = self.http.get(
            f"{self.base_url}{path}", params=params, allow_redirects=False, timeout=TIMEOUT
        )
        return self._follow(response)

    def _follow(self, response: requests.Response) -> Page | dict[str, str]:
        while response.is_redirect:
            location = urljoin(response.url, response.headers["Location"])
            if not location.startswith(self.base_url):
                return callback_params(location)
            response = self.http.get(location, allow_redirects=False, timeout=TIMEOUT)
        return Page(response)


def callback_params(location: str) -> dict[str, str]:
    """What arrived at the callback, with ``_url`` telling where."""
    parts = urlsplit(location)
    params = dict(parse_qsl(parts.query))
    params["_url"] = f"{parts.scheme}://{parts.netloc}{parts.path}"
    return params


def sign_in(base_url: str, client: dict, email: str, **params) -> dict:
    """A full sign-in with PKCE; the token response."""
    verifier, challenge = pkce_pair()
    callback = Browser(base_url).login(
        client, email, code_challenge=challenge, code_challenge_method="S256", **params
    )
    assert "code" in callback, callback
    response = exchange_code(base_url, client, callback["code"], code_verifier=verifier)
    assert response.status_code == 200, response.text
    return response.json()
