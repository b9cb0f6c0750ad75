"""Database-connection users in Auth0's shape, as sign-up and the Management API make them."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any
from urllib.parse import quote

from .tenant import DATABASE_CONNECTION, iso_now


def new_database_user(
    profile: dict[str, Any],
    *,
    password_hash: str,
    connection: str = DATABASE_CONNECTION,
    local_id: str | None = None,
) -> dict[str, Any]:
    """A new user from ``profile`` (its ``email`` at least), not yet stored.

    As Auth0 does, the email is kept in lower case and unverified unless ``profile`` says so,
    and ``name``, ``nickname`` and ``picture`` come from it unless ``profile`` has them.
    """
    email = profile["email"].lower()
    local_id = local_id or secrets.token_hex(12)
    now = iso_now()
    return {
        "email_verified": False,
        "name": email,
        "nickname": profile.get("username") or email.split("@")[0],
        "picture": default_picture(email),
        **profile,
        "email": email,
        "user_id": f"auth0|{local_id}",
        "identities": [
            {"connection": connection, "user_id": local_id, "provider": "auth0", "isSocial": False}
        ],
        "created_at": now,
        "updated_at": now,
        "_password_hash": password_hash,
    }


def default_picture(email: str) -> str:
    """Auth0's picture for a user without one: the Gravatar, falling back to initials."""
    digest = hashlib.md5(email.strip().lower().encode(), usedforsecurity=False).hexdigest()
    fallback = quote(f"https://cdn.auth0.com/avatars/{email[:2].lower()}.png", safe="")
    return f"https://s.gravatar.com/avatar/{digest}?s=480&r=pg&d={fallback}"
