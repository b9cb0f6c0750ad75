"""The tenant's application signing keys: list, read, rotate, revoke."""

from __future__ import annotations

from ..errors import ManagementError, json_response
from ..keys import CurrentKeyRevocation, KeyRing
from ..tenant import iso_now
from .documents import Document, created
from .gate import endpoint

NOT_FOUND = "Signing key not found"
CURRENT_KEY = "The current signing key cannot be revoked; rotate the signing keys first."

READ_SCOPES = ("read:signing_keys",)


def _key_or_404(keys: KeyRing, kid: str) -> Document:
    key = keys.get(kid)
    if key is None:
        raise ManagementError(404, NOT_FOUND)
    return key


def _key_view(keys: KeyRing, key: Document) -> Document:
    """Auth0's signing key; the flags it does not hold are left out."""
    fingerprint = keys.thumbprint(key).hex().upper()
    view = {
        "kid": key["kid"],
        "cert": keys.certificate_pem(key),
        "pkcs7": keys.certificate_pkcs7(key),
        "fingerprint": ":".join(fingerprint[i : i + 2] for i in range(0, len(fingerprint), 2)),
        "thumbprint": fingerprint,
        # A key made before its dates were kept became current when it was made.
        "current_since": key.get("current_since") or iso_now(key["created_at"]),
        "current_until": key.get("current_until"),
        "revoked_at": key.get("revoked_at"),
    }
    view[key["status"]] = True  # a key's status (current, previous, revoked) is Auth0's flag
    return {name: value for name, value in view.items() if value is not None}


def _certificate(keys: KeyRing, key: Document) -> Document:
    return {"cert": keys.certificate_pem(key), "kid": key["kid"]}


@endpoint("keys/signing", scopes=READ_SCOPES)
def signing_keys_list(emulator, request):
    keys = emulator.keys
    return json_response([_key_view(keys, key) for key in keys.all()])


@endpoint("keys/signing/<kid>", scopes=READ_SCOPES)
def signing_key_get(emulator, request, kid):
    keys = emulator.keys
    return json_response(_key_view(keys, _key_or_404(keys, kid)))


@endpoint(
    "keys/signing/rotate",
    "POST",
    scopes=("create:signing_keys", "update:signing_keys"),
    all_scopes=True,
)
def signing_keys_rotate(emulator, request):
    """The new key signs from now on; the one it replaces stays published as previous."""
    keys = emulator.keys
    return created(_certificate(keys, keys.rotate()))


@endpoint("keys/signing/<kid>/revoke", "PUT", scopes=("update:signing_keys",))
def signing_key_revoke(emulator, request, kid):
    keys = emulator.keys
    _key_or_404(keys, kid)
    try:
        revoked = keys.revoke(kid)
    except CurrentKeyRevocation:
        raise ManagementError(400, CURRENT_KEY) from None
    return json_response(_certificate(keys, revoked))
