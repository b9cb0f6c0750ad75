"""RS256 signing keys: the current key signs; a previous key still verifies until revoked.

A rotation makes a new key current and leaves the old one published as *previous*, so tokens
it signed stay valid until it is revoked (``PUT /api/v2/keys/signing/{kid}/revoke``); the
current key itself cannot be revoked. Each key has a self-signed certificate, as Auth0's do;
it is derived from the key and its kid alone, so it is the same after a restart.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import secrets
import time
from typing import Any

import jwt
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs7
from cryptography.x509.oid import NameOID

from .store import Store
from .tenant import iso_now

COLLECTION = "signing_keys"
CURRENT, PREVIOUS, REVOKED = "current", "previous", "revoked"
CERTIFICATE_SUBJECT = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "auth0-emulator")])
CERTIFICATE_LIFETIME = datetime.timedelta(days=14 * 365)  # about what Auth0's certificates get


class CurrentKeyRevocation(Exception):
    """The current key signs every new token: it can be revoked only once rotated out."""


def _b64uint(value: int) -> str:
    raw = value.to_bytes((value.bit_length() + 7) // 8, "big")
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _new_key() -> dict[str, Any]:
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    now = time.time()
    return {
        "kid": secrets.token_urlsafe(16),
        "private_pem": pem,
        "created_at": int(now),
        "status": CURRENT,
        "current_since": iso_now(now),
        "current_until": None,
        "revoked_at": None,
    }


class KeyRing:
    """The tenant's signing keys, kept in the store so tokens survive a restart."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._private_cache: dict[str, Any] = {}
        self._certificate_cache: dict[str, x509.Certificate] = {}
        with store.lock:
            if not store.first(COLLECTION, lambda k: k["status"] == CURRENT):
                key = _new_key()
                store.put(COLLECTION, key["kid"], key)

    def current(self) -> dict[str, Any]:
        key = self._store.first(COLLECTION, lambda k: k["status"] == CURRENT)
        assert key is not None  # created in __init__, rotation always leaves one current
        return key

    def all(self) -> list[dict[str, Any]]:
        """Every key, revoked ones included, oldest first."""
        return self._store.all(COLLECTION)

    def get(self, kid: str) -> dict[str, Any] | None:
        return self._store.get(COLLECTION, kid)

    def _private(self, key: dict[str, Any]) -> Any:
        kid = key["kid"]
        if kid not in self._private_cache:
            self._private_cache[kid] = serialization.load_pem_private_key(
                key["private_pem"].encode(), password=None
            )
        return self._private_cache[kid]

    def certificate(self, key: dict[str, Any]) -> x509.Certificate:
        """The key's self-signed certificate, built the same way every time."""
        kid = key["kid"]
        if kid not in self._certificate_cache:
            private = self._private(key)
            issued = datetime.datetime.fromtimestamp(key["created_at"], datetime.UTC)
            serial = int.from_bytes(hashlib.sha256(kid.encode()).digest()[:16], "big") >> 1
            self._certificate_cache[kid] = (
                x509.CertificateBuilder()
                .subject_name(CERTIFICATE_SUBJECT)
                .issuer_name(CERTIFICATE_SUBJECT)
                .public_key(private.public_key())
                .serial_number(serial)
                .not_valid_before(issued)
                .not_valid_after(issued + CERTIFICATE_LIFETIME)
                .sign(private, hashes.SHA256())
            )
        return self._certificate_cache[kid]

    def certificate_pem(self, key: dict[str, Any]) -> str:
        """PEM with CRLF line ends and no final one, as Auth0 writes its certificates."""
        pem = self.certificate(key).public_bytes(serialization.Encoding.PEM).decode()
        return pem.strip().replace("\n", "\r\n")

    def certificate_pkcs7(self, key: dict[str, Any]) -> str:
        pem = pkcs7.serialize_certificates([self.certificate(key)], serialization.Encoding.PEM)
        return pem.decode().strip().replace("\n", "\r\n")

    def thumbprint(self, key: dict[str, Any]) -> bytes:
        """SHA-1 of the certificate, which Auth0 shows as fingerprint, thumbprint and x5t."""
        # SHA-1 names the certificate (X.509 thumbprints); it protects nothing here.
        return self.certificate(key).fingerprint(hashes.SHA1())  # noqa: S303

    def sign(self, claims: dict[str, Any], *, typ: str | None = None) -> str:
        """Sign claims with the current key (RS256, ``kid`` in the header)."""
        key = self.current()
        headers = {"kid": key["kid"]}
        if typ:
            headers["typ"] = typ
        return jwt.encode(claims, self._private(key), algorithm="RS256", headers=headers)

    def public_key(self, kid: str) -> Any | None:
        key = self._store.get(COLLECTION, kid)
        if key is None or key["status"] == REVOKED:
            return None
        return self._private(key).public_key()

    def jwks(self) -> dict[str, Any]:
        """The keys that verify tokens, in Auth0's JWKS shape (with the certificate)."""
        published = self._store.find(COLLECTION, lambda k: k["status"] != REVOKED)
        return {"keys": [self._jwk(key) for key in published]}

    def _jwk(self, key: dict[str, Any]) -> dict[str, Any]:
        numbers = self._private(key).public_key().public_numbers()
        der = self.certificate(key).public_bytes(serialization.Encoding.DER)
        return {
            "kty": "RSA",
            "use": "sig",
            "alg": "RS256",
            "kid": key["kid"],
            "n": _b64uint(numbers.n),
            "e": _b64uint(numbers.e),
            "x5t": base64.urlsafe_b64encode(self.thumbprint(key)).rstrip(b"=").decode(),
            "x5c": [base64.b64encode(der).decode()],
        }

    def rotate(self) -> dict[str, Any]:
        """Make a new key current; the old one stays published as previous."""
        with self._store.lock:
            old, now = self.current(), iso_now()
            retired = {**old, "status": PREVIOUS, "current_until": now}
            self._store.put(COLLECTION, old["kid"], retired)
            new = _new_key()
            return self._store.put(COLLECTION, new["kid"], {**new, "current_since": now})

    def revoke(self, kid: str) -> dict[str, Any]:
        """Unpublish a key that was rotated out: tokens it signed stop verifying.

        Revoking a revoked key changes nothing; revoking the current key is refused.
        """
        with self._store.lock:
            key = self._store.get(COLLECTION, kid)
            if key is None:
                raise KeyError(kid)
            if key["status"] == CURRENT:
                raise CurrentKeyRevocation(kid)
            if key["status"] == PREVIOUS:
                key = {**key, "status": REVOKED, "revoked_at": iso_now()}
                self._store.put(COLLECTION, kid, key)
            return key

    def verify(self, token: str, *, audience: str | list[str], issuer: str) -> dict[str, Any]:
        """Verify a token this tenant issued (used for Management API bearer tokens)."""
        header = jwt.get_unverified_header(token)
        public = self.public_key(str(header.get("kid", "")))
        if public is None:
            raise jwt.InvalidTokenError("unknown signing key")
        return jwt.decode(token, public, algorithms=["RS256"], audience=audience, issuer=issuer)
