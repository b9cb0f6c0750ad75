"""RS256 signing keys: the current key signs, retired-but-published keys still verify.

Auth0 rotates keys in two steps: a *next* key is published, then it becomes *current* and the
old key becomes *previous* (still in the JWKS so tokens it signed stay valid) until it is
revoked. ``rotate`` and ``revoke_previous`` model exactly that.
"""

from __future__ import annotations

import base64
import secrets
import time
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from .store import Store

COLLECTION = "signing_keys"


def _b64uint(value: int) -> str:
    raw = value.to_bytes((value.bit_length() + 7) // 8, "big")
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _new_key(status: str) -> dict[str, Any]:
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    return {
        "kid": secrets.token_urlsafe(16),
        "private_pem": pem,
        "created_at": int(time.time()),
        "status": status,
    }


class KeyRing:
    """The tenant's signing keys, kept in the store so tokens survive a restart."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._private_cache: dict[str, Any] = {}
        with store.lock:
            if not store.first(COLLECTION, lambda k: k["status"] == "current"):
                key = _new_key("current")
                store.put(COLLECTION, key["kid"], key)

    def current(self) -> dict[str, Any]:
        key = self._store.first(COLLECTION, lambda k: k["status"] == "current")
        assert key is not None  # created in __init__, rotation always leaves one current
        return key

    def _private(self, key: dict[str, Any]) -> Any:
        kid = key["kid"]
        if kid not in self._private_cache:
            self._private_cache[kid] = serialization.load_pem_private_key(
                key["private_pem"].encode(), password=None
            )
        return self._private_cache[kid]

    def sign(self, claims: dict[str, Any], *, typ: str | None = None) -> str:
        """Sign claims with the current key (RS256, ``kid`` in the header)."""
        key = self.current()
        headers = {"kid": key["kid"]}
        if typ:
            headers["typ"] = typ
        return jwt.encode(claims, self._private(key), algorithm="RS256", headers=headers)

    def public_key(self, kid: str) -> Any | None:
        key = self._store.get(COLLECTION, kid)
        if key is None or key["status"] == "revoked":
            return None
        return self._private(key).public_key()

    def jwks(self) -> dict[str, Any]:
        keys = []
        for key in self._store.find(COLLECTION, lambda k: k["status"] != "revoked"):
            numbers = self._private(key).public_key().public_numbers()
            keys.append(
                {
                    "kty": "RSA",
                    "use": "sig",
                    "alg": "RS256",
                    "kid": key["kid"],
                    "n": _b64uint(numbers.n),
                    "e": _b64uint(numbers.e),
                }
            )
        return {"keys": keys}

    def rotate(self) -> dict[str, Any]:
        """Make a new key current; the old one stays published as ``previous``."""
        with self._store.lock:
            old = self.current()
            old["status"] = "previous"
            self._store.put(COLLECTION, old["kid"], old)
            new = _new_key("current")
            self._store.put(COLLECTION, new["kid"], new)
            return new

    def revoke_previous(self) -> int:
        """Unpublish keys retired by ``rotate``; tokens they signed stop verifying."""
        revoked = 0
        for key in self._store.find(COLLECTION, lambda k: k["status"] == "previous"):
            key["status"] = "revoked"
            self._store.put(COLLECTION, key["kid"], key)
            revoked += 1
        return revoked

    def verify(self, token: str, *, audience: str | list[str], issuer: str) -> dict[str, Any]:
        """Verify a token this tenant issued (used for Management API bearer tokens)."""
        header = jwt.get_unverified_header(token)
        public = self.public_key(str(header.get("kid", "")))
        if public is None:
            raise jwt.InvalidTokenError("unknown signing key")
        return jwt.decode(token, public, algorithms=["RS256"], audience=audience, issuer=issuer)
