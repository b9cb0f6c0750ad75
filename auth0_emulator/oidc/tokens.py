"""The tokens the Authentication API issues, with the claims Auth0 puts in them."""

from __future__ import annotations

import time
from typing import Any

from .clients import client_allows_grant
from .logins import Login
from .opaque_tokens import opaque_token_issue
from .organizations import organization_names_allowed

# The standard claims each OIDC scope releases (OIDC Core 5.4).
SCOPE_CLAIMS = {
    "openid": (),
    "profile": (
        "name", "given_name", "family_name", "middle_name", "nickname", "preferred_username",
        "picture", "locale", "updated_at",
    ),
    "email": ("email", "email_verified"),
    "address": ("address",),
    "phone": ("phone_number", "phone_number_verified"),
    "offline_access": (),
}  # fmt: skip
DEFAULT_ID_TOKEN_LIFETIME = 36000
DEFAULT_ACCESS_TOKEN_LIFETIME = 86400


def userinfo_audience(emulator) -> str:
    return emulator.url("userinfo")


def granted_scopes(login: Login) -> list[str]:
    """The requested scopes this login may have; Auth0 leaves the others out."""
    allowed = set(SCOPE_CLAIMS) | _api_scopes_allowed(login)
    if not offline_access_allowed(login):
        allowed.discard("offline_access")
    return [scope for scope in login.grant.scopes if scope in allowed]


def offline_access_allowed(login: Login) -> bool:
    """Refresh tokens need the client's refresh_token grant and an API that allows them."""
    client_may = client_allows_grant(login.client, "refresh_token")
    api = login.resource_server
    return client_may and (api is None or bool(api.get("allow_offline_access")))


def profile_claims(user: dict[str, Any], scopes: list[str]) -> dict[str, Any]:
    """The user's standard claims that the granted OIDC scopes release."""
    names = [name for scope in scopes for name in SCOPE_CLAIMS.get(scope, ())]
    return {name: user[name] for name in names if name in user}


def id_token_for(emulator, login: Login, scopes: list[str], custom_claims: dict[str, Any]) -> str:
    grant, now = login.grant, int(time.time())
    jwt_configuration = login.client.get("jwt_configuration") or {}
    lifetime = jwt_configuration.get("lifetime_in_seconds", DEFAULT_ID_TOKEN_LIFETIME)
    claims = {
        **profile_claims(login.user, scopes),
        "iss": emulator.issuer,
        "aud": grant.client_id,
        "sub": grant.user_id,
        "iat": now,
        "exp": now + lifetime,
        "auth_time": grant.auth_time,
        "sid": grant.session_id,
        **_organization_claims(emulator, login.organization),
    }
    if grant.nonce:
        claims["nonce"] = grant.nonce
    return emulator.keys.sign({**custom_claims, **claims})


def access_token_for(
    emulator, login: Login, scopes: list[str], custom_claims: dict[str, Any]
) -> tuple[str, int]:
    """A JWT for the requested API, or an opaque /userinfo token when none was requested."""
    grant, api = login.grant, login.resource_server
    if api is None:
        lifetime = DEFAULT_ACCESS_TOKEN_LIFETIME
        token = opaque_token_issue(
            emulator,
            user_id=grant.user_id,
            client_id=grant.client_id,
            scopes=scopes,
            lifetime=lifetime,
        )
        return token, lifetime
    audience = api["identifier"]
    claims = {
        "sub": grant.user_id,
        "aud": [audience, userinfo_audience(emulator)] if "openid" in scopes else audience,
        "azp": grant.client_id,
        "scope": " ".join(scopes),
        **_organization_claims(emulator, login.organization),
    }
    if _permissions_in_token(api):
        claims["permissions"] = login.permissions()
    return _api_access_token(emulator, api, {**custom_claims, **claims})


def machine_access_token(
    emulator, client_id: str, api: dict[str, Any], scopes: list[str]
) -> tuple[str, int]:
    """The client_credentials token: the client itself is the subject."""
    claims = {
        "sub": f"{client_id}@clients",
        "aud": api["identifier"],
        "azp": client_id,
        "scope": " ".join(scopes),
        "gty": "client-credentials",
    }
    if _permissions_in_token(api):
        claims["permissions"] = scopes
    return _api_access_token(emulator, api, claims)


def token_response(
    access_token: str,
    expires_in: int,
    scopes: list[str],
    *,
    id_token: str | None = None,
) -> dict[str, Any]:
    body: dict[str, Any] = {"access_token": access_token}
    if id_token:
        body["id_token"] = id_token
    body.update({"scope": " ".join(scopes), "expires_in": expires_in, "token_type": "Bearer"})
    return body


def _api_access_token(emulator, api: dict[str, Any], claims: dict[str, Any]) -> tuple[str, int]:
    lifetime = api.get("token_lifetime", DEFAULT_ACCESS_TOKEN_LIFETIME)
    now = int(time.time())
    token = emulator.keys.sign(
        {"iss": emulator.issuer, **claims, "iat": now, "exp": now + lifetime}
    )
    return token, lifetime


def _api_scopes_allowed(login: Login) -> set[str]:
    api = login.resource_server
    if api is None:
        return set()
    defined = {scope["value"] for scope in api.get("scopes", [])}
    if api.get("enforce_policies"):
        # With RBAC on, a user gets only the requested scopes that their roles grant.
        return defined & set(login.permissions())
    return defined


def _permissions_in_token(api: dict[str, Any]) -> bool:
    """RBAC on, with "Add Permissions in the Access Token" (an ``..._authz`` dialect)."""
    dialect = api.get("token_dialect", "access_token")
    return bool(api.get("enforce_policies")) and dialect.endswith("_authz")


def _organization_claims(emulator, organization: dict[str, Any] | None) -> dict[str, Any]:
    if organization is None:
        return {}
    claims = {"org_id": organization["id"]}
    if organization_names_allowed(emulator):
        claims["org_name"] = organization["name"]
    return claims
