"""Each attack on token verification, one test each: the right error and nothing else passes."""

from __future__ import annotations

import hashlib
import hmac
import json
import time

import pytest
from cryptography.hazmat.primitives import serialization

from service_auth import Forbidden, InvalidToken
from tests.service_auth.support import (
    AUDIENCE,
    ISSUER,
    JWKS_PATH,
    NAMESPACE,
    LocalServer,
    b64url,
    claims_for,
    encode_jws,
    mint,
)


def refused(verifier, token):
    """Why ``token`` was refused, as exactly ``InvalidToken`` (a subclass is another answer)."""
    return exact_error(InvalidToken, verifier.verify, token).reason


def forbidden(principal, **require):
    """The exact ``Forbidden`` that ``principal.require(**require)`` raises."""
    return exact_error(Forbidden, principal.require, **require)


def exact_error(error_class, call, *args, **kwargs):
    with pytest.raises(error_class) as caught:
        call(*args, **kwargs)
    assert type(caught.value) is error_class
    return caught.value


@pytest.fixture
def attacker():
    """The attacker's own web server, ready to serve keys if anything ever asks it."""
    server = LocalServer()
    yield server
    server.stop()


def test_the_control_token_passes(verifier, signing_key):
    principal = verifier.verify(mint(signing_key, claims_for()))

    assert principal.subject == "auth0|alice"
    principal.require(permission="bookings:read", feature="bookings", org_id="org_A")


def test_alg_none_is_refused(verifier):
    token = encode_jws({"alg": "none", "kid": "key-1"}, claims_for(), lambda _: b"")

    assert "alg must be one of RS256" in refused(verifier, token)


def test_hs256_signed_with_the_public_key_is_refused(verifier, signing_key):
    public_pem = signing_key.private_key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    token = encode_jws(
        {"alg": "HS256", "kid": signing_key.kid},
        claims_for(),
        lambda data: hmac.new(public_pem, data, hashlib.sha256).digest(),
    )

    assert "alg must be one of RS256" in refused(verifier, token)


def test_token_signed_by_another_key_with_the_same_kid_is_refused(verifier, other_key):
    token = mint(other_key, claims_for(), kid="key-1")

    assert "signature does not verify" in refused(verifier, token)


def test_unknown_kid_is_refused(verifier, other_key):
    assert "no key in the issuer's JWKS" in refused(verifier, mint(other_key, claims_for()))


@pytest.mark.parametrize(
    "kid", ["../../etc/passwd", "key-1' OR '1'='1", "key-1; DROP TABLE keys;--", "%2e%2e/key"]
)
def test_kid_with_path_or_sql_characters_is_only_an_unknown_key(verifier, other_key, kid):
    token = mint(other_key, claims_for(), kid=kid)

    assert "no key in the issuer's JWKS" in refused(verifier, token)


def test_kid_that_is_not_a_string_is_refused(verifier, signing_key):
    token = mint(signing_key, claims_for(), kid=["key-1"])

    assert "no kid" in refused(verifier, token)


def test_jku_pointing_elsewhere_is_never_fetched(verifier, other_key, attacker):
    attacker.answer_json(JWKS_PATH, {"keys": [other_key.jwk()]})
    token = mint(other_key, claims_for(), jku=attacker.url + JWKS_PATH)

    assert "no key in the issuer's JWKS" in refused(verifier, token)
    assert attacker.hits.total() == 0


def test_x5u_pointing_elsewhere_is_never_fetched(verifier, other_key, attacker):
    token = mint(other_key, claims_for(), kid="key-1", x5u=attacker.url + "/cert.pem")

    assert "signature does not verify" in refused(verifier, token)
    assert attacker.hits.total() == 0


def test_key_embedded_in_the_header_is_ignored(verifier, other_key):
    token = mint(other_key, claims_for(), kid="key-1", jwk=other_key.jwk(kid="key-1"))

    assert "signature does not verify" in refused(verifier, token)


def test_id_token_is_refused_by_audience(verifier, signing_key):
    id_token = mint(signing_key, claims_for(aud="portal-client", nonce="n-0S6_WzA2Mj"))

    assert f"audience is not {AUDIENCE}" in refused(verifier, id_token)


def test_management_api_token_is_refused_by_audience(verifier, signing_key):
    token = mint(signing_key, claims_for(aud=f"{ISSUER}api/v2/", scope="read:users"))

    assert f"audience is not {AUDIENCE}" in refused(verifier, token)


def test_wrong_issuer_is_refused(verifier, signing_key):
    token = mint(signing_key, claims_for(iss="https://evil.example.test/"))

    assert f"not issued by {ISSUER}" in refused(verifier, token)


def test_expired_token_is_refused(verifier, signing_key):
    long_ago = int(time.time()) - 3600
    token = mint(signing_key, claims_for(iat=long_ago - 600, exp=long_ago))

    assert "expired" in refused(verifier, token)


def test_token_not_valid_yet_is_refused(verifier, signing_key):
    token = mint(signing_key, claims_for(nbf=int(time.time()) + 3600))

    assert "not valid yet" in refused(verifier, token)


def test_missing_org_id_is_forbidden_on_a_tenant_route(verifier, signing_key):
    principal = verifier.verify(mint(signing_key, claims_for(org_id=None)))

    refusal = forbidden(principal, permission="bookings:read", org_id="org_A")

    assert "no org_id" in refusal.reason


def test_org_id_of_another_tenant_is_forbidden(verifier, signing_key):
    principal = verifier.verify(mint(signing_key, claims_for(org_id="org_B")))

    refusal = forbidden(principal, permission="bookings:read", org_id="org_A")

    assert "another organization" in refusal.reason


def test_truncated_token_is_refused(verifier, signing_key):
    token = mint(signing_key, claims_for())

    assert "signature does not verify" in refused(verifier, token[:-10])
    assert "not a JWS" in refused(verifier, token[: token.rindex(".")])


def test_one_megabyte_token_is_refused_before_any_decoding(verifier, signing_key):
    claims = claims_for(padding="A" * 1024 * 1024)

    assert "at most 8192 characters" in refused(verifier, mint(signing_key, claims))


@pytest.mark.parametrize(
    "garbage",
    [
        "not-a-token",
        "a.b.c.d",
        "eyJhbGciOiJSUzI1NiJ9.e30.c2ln!",  # a character outside base64url
        "eyJhbGciOiJSUzI1NiJ9 .e30.c2ln",  # whitespace that a lax decoder would skip
        "eyJhbGciOiJSUzI1NiJ9.e30=.c2ln",  # padding, which base64url in a JWS leaves out
        "eyJhbGciOiJSUzI1NiJ9.e30.c2ln+/",  # standard base64, not base64url
        "e.e30.c2ln",  # a segment length that no base64 encoding has
        f"{b64url(b'[1, 2]')}.e30.c2ln",  # JSON, but not an object
        f"{b64url(bytes([0xFF, 0xFE]))}.e30.c2ln",  # not UTF-8
        f"{b64url(b'[' * 5000)}.e30.c2ln",  # nested deep enough to exhaust a recursive parser
    ],
)
def test_garbage_is_refused(verifier, garbage):
    refused(verifier, garbage)


def test_nan_expiry_is_refused(verifier, signing_key):
    # Python's json writes NaN (not JSON); a parser that took it would never see the expiry.
    token = mint(signing_key, claims_for(exp=float("nan")))

    assert "payload is not base64url-encoded JSON" in refused(verifier, token)


def test_an_expiry_that_overflows_to_infinity_is_refused(verifier, signing_key):
    # 1e999 is valid JSON syntax; parsed as a float it is infinity, a token that never expires.
    header = b64url(json.dumps({"alg": "RS256", "kid": signing_key.kid}).encode())
    payload = json.dumps(claims_for(exp=1234)).replace('"exp": 1234', '"exp": 1e999')
    signing_input = f"{header}.{b64url(payload.encode())}"
    token = f"{signing_input}.{b64url(signing_key.sign(signing_input.encode()))}"

    assert "payload is not base64url-encoded JSON" in refused(verifier, token)


def test_valid_token_without_the_permission_is_forbidden(verifier, signing_key):
    principal = verifier.verify(mint(signing_key, claims_for(permissions=["bookings:read"])))

    refusal = forbidden(principal, permission="bookings:write", feature="bookings", org_id="org_A")

    assert refusal.permission == "bookings:write"


def test_valid_token_without_the_feature_is_forbidden(verifier, signing_key):
    token = mint(signing_key, claims_for(**{f"{NAMESPACE}features": ["inventory"]}))
    principal = verifier.verify(token)

    refusal = forbidden(principal, permission="bookings:read", feature="bookings", org_id="org_A")

    assert "does not include the feature bookings" in refusal.reason
