"""People in the database connection, as the sign-in pages need them."""

from __future__ import annotations

import functools
import secrets
from typing import Any

from ..passwords import check_password, hash_password
from ..tenant import DATABASE_CONNECTION, iso_now
from ..users import new_database_user

COLLECTION = "users"


def user_get(emulator, user_id: str) -> dict[str, Any] | None:
    return emulator.store.get(COLLECTION, user_id)


def user_find_by_login(emulator, identifier: str) -> dict[str, Any] | None:
    """The database-connection user whose email (any case) or username is ``identifier``."""
    wanted = identifier.strip().lower()
    if not wanted:
        return None
    return emulator.store.first(
        COLLECTION,
        lambda user: (
            _in_database_connection(user)
            and wanted in {(user.get("email") or "").lower(), (user.get("username") or "").lower()}
        ),
    )


def user_authenticate(emulator, identifier: str, password: str) -> dict[str, Any] | None:
    """The user these credentials belong to, or None (same outcome whichever part was wrong)."""
    user = user_find_by_login(emulator, identifier)
    if user is None:
        # Spend the same hashing time as for a real account, so response time does not
        # reveal which email addresses have one.
        check_password(password, _decoy_hash())
        return None
    return user if check_password(password, user.get("_password_hash")) else None


def user_signup(
    emulator,
    *,
    email: str,
    password: str,
    app_metadata: dict[str, Any],
    user_metadata: dict[str, Any],
) -> dict[str, Any]:
    """Create a database-connection user for an invitee."""
    profile = {
        "email": email,
        # The invitation link reached this address, which is what verification proves.
        "email_verified": True,
        "app_metadata": app_metadata,
        "user_metadata": user_metadata,
    }
    user = new_database_user(profile, password_hash=hash_password(password))
    return emulator.store.put(COLLECTION, user["user_id"], user)


def user_record_login(emulator, user_id: str, ip: str | None) -> dict[str, Any]:
    """Count a successful sign-in the way Auth0 does on the user profile."""
    store = emulator.store
    with store.lock:
        user = store.get(COLLECTION, user_id)
        user["last_login"] = iso_now()
        user["last_ip"] = ip
        user["logins_count"] = user.get("logins_count", 0) + 1
        return store.put(COLLECTION, user_id, user)


def _in_database_connection(user: dict[str, Any]) -> bool:
    return any(i.get("connection") == DATABASE_CONNECTION for i in user.get("identities", []))


@functools.cache
def _decoy_hash() -> str:
    return hash_password(secrets.token_urlsafe(16))
