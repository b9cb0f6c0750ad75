"""Opaque access tokens: what Auth0 issues when no API audience was asked for.

They are good for nothing but /userinfo, so the emulator keeps them server-side (by hash)
instead of signing them, and a client cannot read anything out of them.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from typing import Any

COLLECTION = "userinfo_tokens"


def opaque_token_issue(
    emulator, *, user_id: str, client_id: str, scopes: list[str], lifetime: int
) -> str:
    token, now = secrets.token_urlsafe(32), time.time()
    store = emulator.store
    store.delete_where(COLLECTION, lambda doc: doc["expires_at"] < now)
    store.put(COLLECTION, _digest(token), {
        "user_id": user_id,
        "client_id": client_id,
        "scope": " ".join(scopes),
        "expires_at": now + lifetime,
    })  # fmt: skip
    return token


def opaque_token_lookup(emulator, token: str) -> dict[str, Any] | None:
    doc = emulator.store.get(COLLECTION, _digest(token))
    if doc is None or doc["expires_at"] < time.time():
        return None
    return doc


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
