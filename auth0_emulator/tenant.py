"""The emulated tenant's fixed parts: system API, database connection, built-in clients."""

from __future__ import annotations

import secrets
import time
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .app import Emulator

DATABASE_CONNECTION = "Username-Password-Authentication"

# Every Management API scope the emulator's endpoints accept from a client (the
# ``current_user`` ones are for a user's own token); the built-in Management client gets them
# all.
MANAGEMENT_SCOPES = [
    "read:users", "create:users", "update:users", "delete:users",
    "read:users_app_metadata", "update:users_app_metadata", "create:users_app_metadata",
    "read:roles", "create:roles", "update:roles", "delete:roles",
    "read:role_members", "create:role_members", "delete:role_members",
    "read:organizations", "create:organizations", "update:organizations",
    "delete:organizations", "read:organizations_summary",
    "read:organization_members", "create:organization_members",
    "delete:organization_members",
    "read:organization_member_roles", "create:organization_member_roles",
    "delete:organization_member_roles",
    "read:organization_invitations", "create:organization_invitations",
    "delete:organization_invitations",
    "read:organization_connections", "create:organization_connections",
    "update:organization_connections", "delete:organization_connections",
    "read:clients", "create:clients", "update:clients", "delete:clients",
    "read:client_keys", "update:client_keys", "read:client_credentials",
    "read:client_grants", "create:client_grants", "update:client_grants",
    "delete:client_grants",
    "read:resource_servers", "create:resource_servers", "update:resource_servers",
    "delete:resource_servers",
    "read:actions", "create:actions", "update:actions", "delete:actions",
    "read:tenant_settings", "update:tenant_settings",
    "read:connections", "delete:sessions", "delete:refresh_tokens",
    "read:sessions", "read:refresh_tokens",
    "read:signing_keys", "create:signing_keys", "update:signing_keys",
]  # fmt: skip


def new_id(prefix: str = "", length: int = 16) -> str:
    """Auth0-style identifier: a prefix and URL-safe random letters and digits."""
    alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    return prefix + "".join(secrets.choice(alphabet) for _ in range(length))


def iso_now(epoch: float | None = None) -> str:
    t = time.time() if epoch is None else epoch
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(t)) + f".{int(t * 1000) % 1000:03d}Z"


def management_audience(emulator: Emulator) -> str:
    return emulator.issuer + "api/v2/"


def ensure_tenant(emulator: Emulator) -> None:
    """Create the tenant's fixed parts and (re)register the clients named in the config."""
    store, config = emulator.store, emulator.config
    with store.lock:
        if store.get("tenant_settings", "tenant") is None:
            store.put("tenant_settings", "tenant", {
                "friendly_name": "Local Auth0 emulator",
                "allow_organization_name_in_authentication_api": False,
                "flags": {},
            })  # fmt: skip
        if store.get("connections", DATABASE_CONNECTION) is None:
            store.put("connections", DATABASE_CONNECTION, {
                "id": new_id("con_"),
                "name": DATABASE_CONNECTION,
                "strategy": "auth0",
            })  # fmt: skip
        audience = management_audience(emulator)
        # Rewritten at every start, so a kept tenant's API has the scopes the emulator knows now.
        system = store.first("resource_servers", lambda r: r.get("is_system"))
        system_id = system["id"] if system else new_id("", 24)
        store.put("resource_servers", system_id, {
            "id": system_id,
            "name": "Auth0 Management API",
            "identifier": audience,
            "is_system": True,
            "scopes": [{"value": s, "description": s} for s in MANAGEMENT_SCOPES],
            "signing_alg": "RS256",
            "token_lifetime": 86400,
            "allow_offline_access": False,
            "skip_consent_for_verifiable_first_party_clients": False,
        })  # fmt: skip
        if config.portal_client_id:
            _upsert_client(emulator, config.portal_client_id, config.portal_client_secret, {
                "name": "Tenant portal",
                "app_type": "regular_web",
                "grant_types": ["authorization_code", "refresh_token"],
                "callbacks": [config.portal_url.rstrip("/") + "/complete/auth0/"],
                "allowed_logout_urls": [config.portal_url.rstrip("/") + "/"],
                "initiate_login_uri": config.portal_url.rstrip("/") + "/login/",
                "organization_usage": "allow",
                "organization_require_behavior": "no_prompt",
            })  # fmt: skip
        if config.management_client_id:
            _upsert_client(emulator, config.management_client_id,
                           config.management_client_secret, {
                "name": "Tenant portal (Management API)",
                "app_type": "non_interactive",
                "grant_types": ["client_credentials"],
                "callbacks": [],
                "allowed_logout_urls": [],
            })  # fmt: skip
            grant = store.first(
                "client_grants",
                lambda g: (
                    g["client_id"] == config.management_client_id and g["audience"] == audience
                ),
            )
            grant_id = grant["id"] if grant else new_id("cgr_")
            store.put("client_grants", grant_id, {
                "id": grant_id,
                "client_id": config.management_client_id,
                "audience": audience,
                "scope": list(MANAGEMENT_SCOPES),
            })  # fmt: skip


def _upsert_client(emulator: Emulator, client_id: str, secret: str | None, defaults: dict) -> None:
    store = emulator.store
    existing = store.get("clients", client_id)
    client: dict[str, Any] = existing or {
        "client_id": client_id,
        "is_first_party": True,
        "oidc_conformant": True,
        "token_endpoint_auth_method": "client_secret_post",
        "jwt_configuration": {"alg": "RS256", "lifetime_in_seconds": 36000},
        "refresh_token": {
            "rotation_type": "rotating",
            "expiration_type": "expiring",
            "leeway": 0,
            "token_lifetime": 2592000,
            "idle_token_lifetime": 1296000,
            "infinite_token_lifetime": False,
            "infinite_idle_token_lifetime": False,
        },
        **defaults,
    }
    client["client_secret"] = secret or client.get("client_secret") or new_id("", 64)
    store.put("clients", client_id, client)
