"""Refresh tokens, with Auth0's rotation and reuse detection.

Tokens descending from one authorization code form a family. With rotation each use spends
the token and issues its successor; presenting a spent token means two parties hold the
family, so the whole family is revoked. Only a hash of each token is stored.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from dataclasses import asdict, replace
from datetime import datetime
from typing import Any

from ..errors import OAuthError
from ..tenant import iso_now, new_id
from .logins import Grant

COLLECTION = "refresh_tokens"


def refresh_token_issue(
    emulator, grant: Grant, *, client: dict[str, Any], family_id: str, expires_at: str | None
) -> str:
    """A new refresh token for ``grant``; ``expires_at`` carries a family's absolute expiry."""
    settings = client.get("refresh_token") or {}
    token, now = secrets.token_urlsafe(48), time.time()
    expiring = settings.get("expiration_type") == "expiring"
    if expires_at is None and expiring and not settings.get("infinite_token_lifetime"):
        expires_at = iso_now(now + settings.get("token_lifetime", 2592000))
    idle_lifetime = None
    if expiring and not settings.get("infinite_idle_token_lifetime"):
        idle_lifetime = settings.get("idle_token_lifetime", 1296000)
    token_id = new_id("", 32)
    emulator.store.put(COLLECTION, token_id, {
        "id": token_id,
        "token_hash": _digest(token),
        "user_id": grant.user_id,
        "client_id": grant.client_id,
        "session_id": grant.session_id,
        "created_at": iso_now(now),
        "expires_at": expires_at,
        "idle_expires_at": iso_now(now + idle_lifetime) if idle_lifetime else None,
        "rotating": settings.get("rotation_type") == "rotating",
        "resource_servers": [{
            "audience": grant.audience or emulator.url("userinfo"),
            "scopes": " ".join(grant.scopes),
        }],
        "rotated_at": None,
        "_family_id": family_id,
        "_idle_lifetime": idle_lifetime,
        # ID tokens minted from a refresh token carry no nonce.
        "_grant": asdict(replace(grant, nonce=None)),
    })  # fmt: skip
    return token


def refresh_token_spend(emulator, token: str, client_id: str) -> dict[str, Any]:
    """Check a presented refresh token and spend it if it rotates; reuse revokes its family."""
    store, presented = emulator.store, _digest(token)
    with store.lock:
        doc = store.first(COLLECTION, lambda d: d["token_hash"] == presented)
        if doc is None or doc["client_id"] != client_id or _expired(doc):
            raise invalid_refresh_token()
        if doc["rotated_at"] is not None:
            refresh_tokens_revoke_family(emulator, doc["_family_id"])
            raise invalid_refresh_token()
        if doc["rotating"]:
            doc["rotated_at"] = iso_now()
        elif doc["_idle_lifetime"]:
            doc["idle_expires_at"] = iso_now(time.time() + doc["_idle_lifetime"])
        store.put(COLLECTION, doc["id"], doc)
    return doc


def refresh_token_revoke(emulator, token: str, client_id: str) -> None:
    """Revoke a client's refresh token and its family; an unknown token is no error."""
    store, presented = emulator.store, _digest(token)
    doc = store.first(COLLECTION, lambda d: d["token_hash"] == presented)
    if doc is not None and doc["client_id"] == client_id:
        refresh_tokens_revoke_family(emulator, doc["_family_id"])


def refresh_token_grant(doc: dict[str, Any]) -> Grant:
    return Grant(**doc["_grant"])


def refresh_tokens_revoke_family(emulator, family_id: str) -> None:
    emulator.store.delete_where(COLLECTION, lambda doc: doc["_family_id"] == family_id)


def invalid_refresh_token() -> OAuthError:
    return OAuthError("invalid_grant", "Unknown or invalid refresh token.", 403)


def _expired(doc: dict[str, Any]) -> bool:
    now = time.time()
    return any(
        deadline is not None and datetime.fromisoformat(deadline).timestamp() <= now
        for deadline in (doc["expires_at"], doc["idle_expires_at"])
    )


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
