"""SSO sessions: the ``auth0`` cookie points at a document in ``sessions``.

A session is valid exactly as long as its document exists, so ending a user's sessions
through the Management API (which deletes the documents) signs them out everywhere.
The cookie is ``<session id>.<secret>``: the id is public (it is the ``sid`` claim of ID
tokens), only the secret's hash is stored, so neither a token nor the state file can be
replayed as a cookie.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import Any

from werkzeug.wrappers import Request, Response

from ..tenant import iso_now, new_id

COLLECTION = "sessions"
COOKIE = "auth0"


def session_start(
    emulator, *, user_id: str, client_id: str, auth_time: int
) -> tuple[dict[str, Any], str]:
    """A new SSO session and the cookie value that proves it."""
    secret = secrets.token_urlsafe(32)
    session_id = new_id("", 32)
    now = iso_now()
    session = emulator.store.put(COLLECTION, session_id, {
        "id": session_id,
        "user_id": user_id,
        "created_at": now,
        "updated_at": now,
        "authenticated_at": iso_now(auth_time),
        "clients": [{"client_id": client_id}],
        "authentication": {"methods": [{"name": "pwd", "timestamp": iso_now(auth_time)}]},
        "_auth_time": auth_time,
        "_secret_hash": _digest(secret),
    })  # fmt: skip
    return session, f"{session_id}.{secret}"


def session_current(emulator, request: Request) -> dict[str, Any] | None:
    """The SSO session this browser holds, if it still exists."""
    session_id, _, secret = request.cookies.get(COOKIE, "").partition(".")
    session = emulator.store.get(COLLECTION, session_id) if session_id else None
    if session is None or not hmac.compare_digest(session["_secret_hash"], _digest(secret)):
        return None
    return session


def session_end(emulator, request: Request) -> None:
    """End the SSO session this browser holds, if any."""
    session = session_current(emulator, request)
    if session is not None:
        session_delete(emulator, session["id"])


def session_delete(emulator, session_id: str) -> None:
    emulator.store.delete(COLLECTION, session_id)


def session_cookie_set(response: Response, cookie: str) -> Response:
    # SameSite=Lax (not None) because the emulator runs over plain http, where browsers refuse
    # SameSite=None cookies; Lax still rides along on the top-level redirects to /authorize.
    response.set_cookie(COOKIE, cookie, httponly=True, samesite="Lax")
    return response


def session_cookie_clear(response: Response) -> Response:
    response.delete_cookie(COOKIE, httponly=True, samesite="Lax")
    return response


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()
