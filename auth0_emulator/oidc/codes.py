"""Authorization codes: single use, 60 seconds, bound to client, redirect_uri and PKCE.

A code also carries the custom claims the Post-Login Actions set during the login, which the
tokens it is exchanged for are made with.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
from dataclasses import asdict, dataclass
from typing import Any

from ..actions import PostLoginResult
from ..errors import OAuthError
from ..tenant import new_id
from .logins import Grant
from .refresh_tokens import refresh_tokens_revoke_family

COLLECTION = "codes"
LIFETIME_SECONDS = 60
# Used codes are remembered this long so that a replay can still be recognised.
REMEMBERED_SECONDS = 3600


@dataclass(frozen=True)
class RedeemedCode:
    grant: Grant
    family_id: str  # the refresh tokens issued for the code form one family
    post_login: PostLoginResult  # what the Post-Login Actions allowed at the login


def _invalid_code() -> OAuthError:
    # One answer for unknown, expired, spent, foreign and misdirected codes, as Auth0 gives.
    return OAuthError("invalid_grant", "Invalid authorization code", 403)


def code_issue(
    emulator,
    grant: Grant,
    post_login: PostLoginResult,
    *,
    redirect_uri: str,
    code_challenge: str | None,
    code_challenge_method: str | None,
) -> str:
    store, now = emulator.store, time.time()
    store.delete_where(COLLECTION, lambda doc: doc["expires_at"] < now - REMEMBERED_SECONDS)
    code = new_id("", 32)
    store.put(COLLECTION, code, {
        "grant": asdict(grant),
        "custom_claims": {
            "access_token": post_login.access_token_claims,
            "id_token": post_login.id_token_claims,
        },
        "redirect_uri": redirect_uri,
        "code_challenge": code_challenge,
        "code_challenge_method": code_challenge_method,
        "expires_at": now + LIFETIME_SECONDS,
        "used_at": None,
        # Refresh tokens issued for this code form one family, revoked if the code is replayed.
        "family_id": new_id("rtf_"),
    })  # fmt: skip
    return code


def code_redeem(
    emulator, code: str, *, client_id: str, redirect_uri: str | None, code_verifier: str | None
) -> RedeemedCode:
    """What a code was issued for; the code is spent either way."""
    doc = _claim(emulator, code, client_id)
    if doc["expires_at"] < time.time() or doc["redirect_uri"] != redirect_uri:
        raise _invalid_code()
    if not _verifier_matches(doc, code_verifier):
        raise OAuthError("invalid_grant", "Failed to verify code verifier", 403)
    claims = doc["custom_claims"]
    post_login = PostLoginResult(claims["access_token"], claims["id_token"], denied=None)
    return RedeemedCode(Grant(**doc["grant"]), doc["family_id"], post_login)


def _claim(emulator, code: str, client_id: str) -> dict[str, Any]:
    """Mark the code used, atomically; a second use revokes what the first one got."""
    store = emulator.store
    with store.lock:
        doc = store.get(COLLECTION, code)
        if doc is None or doc["grant"]["client_id"] != client_id:
            raise _invalid_code()
        if doc["used_at"] is not None:
            refresh_tokens_revoke_family(emulator, doc["family_id"])
            raise _invalid_code()
        doc["used_at"] = time.time()
        store.put(COLLECTION, code, doc)
    return doc


def _verifier_matches(doc: dict[str, Any], verifier: str | None) -> bool:
    challenge = doc["code_challenge"]
    if challenge is None:
        return True
    if not verifier:
        return False
    if doc["code_challenge_method"] == "S256":
        digest = hashlib.sha256(verifier.encode("ascii", "replace")).digest()
        verifier = base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
    return hmac.compare_digest(verifier.encode(), challenge.encode())
