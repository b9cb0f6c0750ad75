"""Signing keys through the Management API, and what relying parties see of a rotation."""

from __future__ import annotations

import base64
import hashlib

import pytest
import requests
from auth0.authentication.token_verifier import (
    AsymmetricSignatureVerifier,
    TokenValidationError,
    TokenVerifier,
)
from auth0.management.core.api_error import ApiError
from auth0.management.errors import ForbiddenError, NotFoundError
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from jwt.algorithms import RSAAlgorithm

from .mgmt_client import TIMEOUT_SECONDS, RawApi, fields_of, management_client, management_token
from .oidc_support import seed_client, seed_user, sign_in


def jwks(emulator) -> dict[str, dict]:
    """The published keys by kid."""
    url = f"{emulator.url}/.well-known/jwks.json"
    return {key["kid"]: key for key in requests.get(url, timeout=TIMEOUT_SECONDS).json()["keys"]}


def verifier_for(emulator, client) -> TokenVerifier:
    # A new verifier each time: no JWKS cache carried over from before the change.
    return TokenVerifier(
        signature_verifier=AsymmetricSignatureVerifier(f"{emulator.url}/.well-known/jwks.json"),
        issuer=f"{emulator.url}/",
        audience=client["client_id"],
    )


def test_the_key_is_listed_and_read_with_auth0s_fields(emulator):
    signing = management_client(emulator).keys.signing

    (listed,) = signing.list()
    read = signing.get(listed.kid)

    assert fields_of(read) == fields_of(listed)
    assert (listed.current, listed.previous, listed.revoked) == (True, None, None)
    certificate = x509.load_pem_x509_certificate(listed.cert.encode())
    published = RSAAlgorithm.from_jwk(jwks(emulator)[listed.kid])
    assert certificate.public_key().public_numbers() == published.public_numbers()
    der = certificate.public_bytes(serialization.Encoding.DER)
    assert listed.thumbprint == hashlib.sha1(der).hexdigest().upper()
    assert listed.fingerprint.replace(":", "") == listed.thumbprint
    assert listed.pkcs_7.startswith("-----BEGIN PKCS7-----")
    assert isinstance(listed.current_since, str)
    assert jwks(emulator)[listed.kid]["x5c"] == [base64.b64encode(der).decode()]


def test_a_rotation_makes_a_new_current_key_and_keeps_the_old_one_published(emulator):
    signing = management_client(emulator).keys.signing
    (old,) = signing.list()

    rotated = signing.with_raw_response.rotate()

    assert rotated.status_code == 201
    new = signing.get(rotated.data.kid)
    assert rotated.data.cert == new.cert
    assert new.current is True
    previous = signing.get(old.kid)
    assert (previous.current, previous.previous) == (None, True)
    assert previous.current_until == new.current_since
    assert set(jwks(emulator)) == {old.kid, new.kid}
    assert [key.kid for key in signing.list()] == [old.kid, new.kid]


def test_tokens_signed_before_a_rotation_verify_until_their_key_is_revoked(emulator):
    store = emulator.emulator.store
    client, ada = seed_client(store), seed_user(store, "ada@example.test")
    before = sign_in(emulator.url, client, ada["email"])["id_token"]
    token_before = management_token(emulator)
    old_kid = management_client(emulator, token=token_before).keys.signing.list()[0].kid

    management_client(emulator, token=token_before).keys.signing.rotate()
    after = sign_in(emulator.url, client, ada["email"])["id_token"]

    assert verifier_for(emulator, client).verify(before)["sub"] == ada["user_id"]
    assert verifier_for(emulator, client).verify(after)["sub"] == ada["user_id"]
    assert RawApi(emulator, token=token_before).get("keys/signing").status_code == 200

    # The Management token from before the rotation goes with its key: revoke with a new one.
    revoked = management_client(emulator).keys.signing.revoke(old_kid)

    assert revoked.kid == old_kid
    assert old_kid not in jwks(emulator)
    with pytest.raises(TokenValidationError):
        verifier_for(emulator, client).verify(before)
    assert verifier_for(emulator, client).verify(after)["sub"] == ada["user_id"]
    refused = RawApi(emulator, token=token_before).get("keys/signing")
    assert (refused.status_code, refused.json()["message"]) == (401, "Invalid token")
    shown = management_client(emulator).keys.signing.get(old_kid)
    assert (shown.revoked, shown.previous, isinstance(shown.revoked_at, str)) == (True, None, True)


def test_the_current_key_cannot_be_revoked(emulator):
    signing = management_client(emulator).keys.signing
    (current,) = signing.list()

    # Auth0's API definition names no status for this refusal, so auth0-python raises its
    # generic error; the status and the words are the emulator's.
    with pytest.raises(ApiError) as refused:
        signing.revoke(current.kid)

    assert refused.value.status_code == 400
    assert refused.value.body["message"] == (
        "The current signing key cannot be revoked; rotate the signing keys first."
    )
    assert set(jwks(emulator)) == {current.kid}


def test_an_unknown_key_is_not_found(emulator):
    signing = management_client(emulator).keys.signing

    for call in (signing.get, signing.revoke):
        with pytest.raises(NotFoundError) as missing:
            call("no-such-kid")
        assert missing.value.body["message"] == "Signing key not found"


@pytest.mark.parametrize(
    ("scopes", "call", "message"),
    [
        (
            ("read:users",),
            lambda signing: signing.list(),
            "Insufficient scope, expected any of: read:signing_keys",
        ),
        (
            ("create:signing_keys",),
            lambda signing: signing.rotate(),
            "Insufficient scope, expected all of: create:signing_keys,update:signing_keys",
        ),
    ],
    ids=["read", "rotate-needs-both"],
)
def test_each_call_needs_its_scopes(emulator, scopes, call, message):
    signing = management_client(emulator, token=management_token(emulator, scopes)).keys.signing

    with pytest.raises(ForbiddenError) as refused:
        call(signing)

    assert refused.value.body["message"] == message
    assert len(jwks(emulator)) == 1
