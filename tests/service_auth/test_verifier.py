"""A valid token becomes a Principal; configuration and claims are checked strictly."""

from __future__ import annotations

import dataclasses
import time

import pytest

from service_auth import Forbidden, InvalidToken, MissingToken, TokenVerifier, bearer_token
from tests.service_auth.support import (
    AUDIENCE,
    ISSUER,
    NAMESPACE,
    claims_for,
    encode_jws,
    mint,
)


def test_principal_carries_the_tokens_claims(verifier, signing_key):
    principal = verifier.verify(mint(signing_key, claims_for()))

    assert principal.subject == "auth0|alice"
    assert principal.org_id == "org_A"
    assert principal.permissions == {"bookings:read", "bookings:write"}
    assert principal.roles == {"admin"}
    assert principal.plan == "pro"
    assert principal.features == {"bookings", "inventory"}
    assert principal.scopes == {"openid", "profile", "email"}
    assert principal.claims["azp"] == "portal-client"


def test_audience_may_be_a_single_string(verifier, signing_key):
    principal = verifier.verify(mint(signing_key, claims_for(aud=AUDIENCE)))

    assert principal.subject == "auth0|alice"


def test_token_of_an_unsynced_tenant_has_no_features(verifier, signing_key):
    claims = claims_for(**{f"{NAMESPACE}plan": None, f"{NAMESPACE}features": None})

    principal = verifier.verify(mint(signing_key, claims))

    assert principal.plan is None
    assert principal.features == frozenset()


def test_token_without_organization_has_no_org_id(verifier, signing_key):
    principal = verifier.verify(mint(signing_key, claims_for(org_id=None)))

    assert principal.org_id is None


def test_expiry_allows_the_configured_leeway(make_verifier, signing_key):
    now = int(time.time())
    token = mint(signing_key, claims_for(iat=now - 600, exp=now - 10))

    assert make_verifier(leeway=30).verify(token).subject == "auth0|alice"
    with pytest.raises(InvalidToken, match="expired"):
        make_verifier(leeway=0).verify(token)


def test_not_before_allows_the_configured_leeway(make_verifier, signing_key):
    token = mint(signing_key, claims_for(nbf=int(time.time()) + 10))

    assert make_verifier(leeway=30).verify(token).subject == "auth0|alice"
    with pytest.raises(InvalidToken, match="not valid yet"):
        make_verifier(leeway=0).verify(token)


def test_a_token_seen_before_is_answered_from_the_cache(verifier, signing_key):
    token = mint(signing_key, claims_for())

    first = verifier.verify(token)

    assert verifier.verify(token) is first
    assert verifier.verify("".join(token)) is first  # an equal string, not the same object


def test_a_cached_principal_cannot_be_changed_by_the_request_before(verifier, signing_key):
    token = mint(signing_key, claims_for(profile={"teams": ["blue"]}))
    first = verifier.verify(token)

    with pytest.raises(dataclasses.FrozenInstanceError):
        first.org_id = "org_B"
    with pytest.raises(AttributeError):
        first.permissions.add("admin:everything")
    with pytest.raises(TypeError):
        first.claims["org_id"] = "org_B"
    with pytest.raises(AttributeError):
        first.claims["permissions"].append("admin:everything")
    with pytest.raises(TypeError):
        first.claims["profile"]["teams"] = ["red"]

    again = verifier.verify(token)
    assert again is first
    assert again.org_id == "org_A"
    assert again.permissions == {"bookings:read", "bookings:write"}
    assert again.claims["permissions"] == ("bookings:read", "bookings:write")
    assert again.claims["profile"]["teams"] == ("blue",)


def test_the_claims_read_like_the_payload(verifier, signing_key):
    payload = claims_for(profile={"teams": ["blue"]})
    claims = verifier.verify(mint(signing_key, payload)).claims

    assert set(claims) == set(payload)
    assert claims.get("azp") == "portal-client"
    assert claims.get("nonce") is None
    assert dict(claims["profile"]) == {"teams": ("blue",)}


def test_the_verified_token_cache_is_bounded(make_verifier, signing_key):
    verifier = make_verifier(verified_cache_size=2)
    tokens = [mint(signing_key, claims_for(sub=f"auth0|user-{n}")) for n in range(3)]
    first = [verifier.verify(token) for token in tokens]

    assert verifier.verify(tokens[2]) is first[2]
    assert verifier.verify(tokens[0]) is not first[0]  # evicted, verified again


def test_a_cached_token_is_refused_once_it_expires(make_verifier, signing_key):
    verifier = make_verifier(leeway=0)
    token = mint(signing_key, claims_for(exp=time.time() + 0.3))
    verifier.verify(token)

    time.sleep(0.4)

    with pytest.raises(InvalidToken, match="expired"):
        verifier.verify(token)


def test_token_without_subject_is_refused(verifier, signing_key):
    with pytest.raises(InvalidToken, match="no sub claim"):
        verifier.verify(mint(signing_key, claims_for(sub=None)))


def test_token_without_expiry_is_refused(verifier, signing_key):
    with pytest.raises(InvalidToken, match="no numeric exp"):
        verifier.verify(mint(signing_key, claims_for(exp=None)))


@pytest.mark.parametrize(
    ("claim", "value", "reason"),
    [
        ("org_id", 42, "org_id claim must be a str"),
        ("permissions", "bookings:read", "permissions claim must be a list of strings"),
        ("permissions", ["bookings:read", 7], "permissions claim must be a list of strings"),
        ("scope", ["openid"], "scope claim must be a str"),
        ("nbf", "tomorrow", "nbf is not a number"),
        ("exp", True, "no numeric exp"),
    ],
)
def test_registered_claims_of_the_wrong_type_are_refused(
    verifier, signing_key, claim, value, reason
):
    with pytest.raises(InvalidToken, match=reason):
        verifier.verify(mint(signing_key, claims_for(**{claim: value})))


@pytest.mark.parametrize(
    ("claim", "value"),
    [
        ("plan", "Pro Plan"),
        ("plan", "pro\n"),
        ("features", "bookings"),
        ("features", ["bookings", "bookings"]),
        ("features", ["Bookings"]),
        ("roles", [""]),
        ("ent_v", -1),
        ("ent_v", "3"),
        ("overage", ["roles"]),
    ],
)
def test_contract_claims_that_break_the_schema_are_refused(verifier, signing_key, claim, value):
    token = mint(signing_key, claims_for(**{f"{NAMESPACE}{claim}": value}))

    with pytest.raises(InvalidToken, match=f"claim {NAMESPACE}{claim} must be"):
        verifier.verify(token)


def test_overage_token_that_also_carries_features_is_refused(verifier, signing_key):
    token = mint(signing_key, claims_for(**{f"{NAMESPACE}overage": ["features"]}))

    with pytest.raises(InvalidToken, match="must not carry features"):
        verifier.verify(token)


def test_overage_token_without_a_version_is_refused(verifier, signing_key):
    claims = claims_for(
        **{f"{NAMESPACE}overage": ["features"], f"{NAMESPACE}features": None},
        **{f"{NAMESPACE}ent_v": None},
    )

    with pytest.raises(InvalidToken, match="needs ent_v"):
        verifier.verify(mint(signing_key, claims))


def test_namespaced_claims_outside_the_contract_are_ignored(verifier, signing_key):
    token = mint(signing_key, claims_for(**{f"{NAMESPACE}theme": "dark"}))

    assert verifier.verify(token).claims[f"{NAMESPACE}theme"] == "dark"


def test_critical_header_extensions_are_refused(verifier, signing_key):
    token = mint(signing_key, claims_for(), crit=["exp"])

    with pytest.raises(InvalidToken, match="crit"):
        verifier.verify(token)


def test_token_whose_alg_differs_from_its_keys_alg_is_refused(
    make_verifier, jwks_server, signing_key
):
    jwks_server.answer_json("/.well-known/jwks.json", {"keys": [signing_key.jwk(alg="RS512")]})
    verifier = make_verifier(algorithms=("RS256", "RS512"))

    with pytest.raises(InvalidToken, match="differs from the alg of its key"):
        verifier.verify(mint(signing_key, claims_for()))


def test_signature_segment_outside_the_alphabet_is_refused(verifier, signing_key):
    header, payload, signature = mint(signing_key, claims_for()).split(".")
    # "+" and "/" are standard base64; a lax decoder would take them for "-" and "_".
    tampered = signature.replace("-", "+").replace("_", "/")
    assert tampered != signature

    with pytest.raises(InvalidToken, match="not a JWS"):
        verifier.verify(f"{header}.{payload}.{tampered}")


def test_token_that_is_not_a_string_is_refused(verifier):
    with pytest.raises(InvalidToken, match="must be a string"):
        verifier.verify(b"eyJ.eyJ.sig")


@pytest.mark.parametrize("algorithms", [(), ("HS256",), ("none",), ("RS256", "HS256"), "RS256"])
def test_only_asymmetric_algorithms_can_be_configured(make_verifier, algorithms):
    with pytest.raises(ValueError, match="algorithms"):
        make_verifier(algorithms=algorithms)


@pytest.mark.parametrize(
    "url", ["http://keys.example.test/jwks.json", "ftp://127.0.0.1/jwks.json", "jwks.json"]
)
def test_keys_are_only_fetched_over_https_or_from_loopback(make_verifier, url):
    with pytest.raises(ValueError, match="jwks_url must be an https URL"):
        make_verifier(jwks_url=url)


def test_https_urls_are_accepted():
    verifier = TokenVerifier(
        issuer=ISSUER,
        audience=AUDIENCE,
        jwks_url=f"{ISSUER}.well-known/jwks.json",
        claims_namespace=NAMESPACE,
        entitlements_url="https://portal.example.test/api/entitlements",
    )

    with pytest.raises(InvalidToken, match="not a JWS"):
        verifier.verify("no-network-is-needed-to-refuse-this")


def test_claims_namespace_must_end_with_a_slash(make_verifier):
    with pytest.raises(ValueError, match="claims_namespace"):
        make_verifier(claims_namespace="https://tenant-portal.test")


def test_header_without_kid_is_refused(verifier, signing_key):
    token = encode_jws({"alg": "RS256"}, claims_for(), signing_key.sign)

    with pytest.raises(InvalidToken, match="no kid"):
        verifier.verify(token)


@pytest.mark.parametrize(
    "header", ["Bearer abc.def.ghi", "bearer abc.def.ghi", "Bearer  abc.def.ghi "]
)
def test_bearer_token_is_read_from_the_authorization_header(header):
    assert bearer_token(header) == "abc.def.ghi"


@pytest.mark.parametrize("header", [None, "", "Bearer", "Bearer ", "Basic dXNlcjpwYXNz"])
def test_a_request_without_a_bearer_token_is_missing_one(header):
    with pytest.raises(MissingToken, match="Authorization: Bearer"):
        bearer_token(header)


def test_require_checks_the_tenant_before_the_permission(verifier, signing_key):
    principal = verifier.verify(mint(signing_key, claims_for(org_id="org_B", permissions=[])))

    with pytest.raises(Forbidden, match="another organization"):
        principal.require(permission="bookings:read", org_id="org_A")


def test_require_without_arguments_only_needs_a_valid_token(verifier, signing_key):
    principal = verifier.verify(mint(signing_key, claims_for(org_id=None, permissions=[])))

    principal.require()

    assert principal.permissions == frozenset()
