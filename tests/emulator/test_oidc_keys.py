"""Signing key rotation as relying parties see it through the JWKS."""

from __future__ import annotations

import pytest
from auth0.authentication.token_verifier import (
    AsymmetricSignatureVerifier,
    TokenValidationError,
    TokenVerifier,
)

from .oidc_support import seed_client, seed_user, sign_in


def verifier_for(emulator, client) -> TokenVerifier:
    # A new verifier each time: no JWKS cache carried over from before the change.
    return TokenVerifier(
        signature_verifier=AsymmetricSignatureVerifier(f"{emulator.url}/.well-known/jwks.json"),
        issuer=f"{emulator.url}/",
        audience=client["client_id"],
    )


def test_tokens_signed_before_a_rotation_verify_until_the_old_key_is_revoked(emulator):
    store, keys = emulator.emulator.store, emulator.emulator.keys
    client = seed_client(store)
    ada = seed_user(store, "ada@example.test")
    before = sign_in(emulator.url, client, ada["email"])["id_token"]

    keys.rotate()
    after = sign_in(emulator.url, client, ada["email"])["id_token"]

    assert verifier_for(emulator, client).verify(before)["sub"] == ada["user_id"]
    assert verifier_for(emulator, client).verify(after)["sub"] == ada["user_id"]

    keys.revoke_previous()

    with pytest.raises(TokenValidationError):
        verifier_for(emulator, client).verify(before)
    assert verifier_for(emulator, client).verify(after)["sub"] == ada["user_id"]
