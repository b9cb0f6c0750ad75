"""The JWKS is fetched once, refetched at most once per interval, and survives outages."""

from __future__ import annotations

import threading
import time
from concurrent import futures

import pytest
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from service_auth import InvalidToken, JwksUnavailable
from service_auth.jwks import signing_keys
from tests.service_auth.support import JWKS_PATH, Answer, KeyPair, b64url, claims_for, mint


def test_keys_are_fetched_once_for_many_tokens(verifier, jwks_server, signing_key):
    for n in range(20):
        verifier.verify(mint(signing_key, claims_for(sub=f"auth0|user-{n}")))

    assert jwks_server.hits[JWKS_PATH] == 1


def test_a_flood_of_unknown_kids_fetches_the_keys_once(
    verifier, jwks_server, signing_key, other_key
):
    made_up = [mint(other_key, claims_for(), kid=f"made-up-{n}") for n in range(50)]

    for token in made_up:
        with pytest.raises(InvalidToken, match="no key in the issuer's JWKS"):
            verifier.verify(token)

    assert verifier.verify(mint(signing_key, claims_for())).subject == "auth0|alice"
    assert jwks_server.hits[JWKS_PATH] == 1


def test_a_rotated_key_is_picked_up_by_one_refetch(
    make_verifier, jwks_server, signing_key, other_key
):
    verifier = make_verifier(jwks_refetch_interval=0.1)
    verifier.verify(mint(signing_key, claims_for()))
    jwks_server.answer_json(JWKS_PATH, {"keys": [signing_key.jwk(), other_key.jwk()]})
    time.sleep(0.15)

    principal = verifier.verify(mint(other_key, claims_for(sub="auth0|after-rotation")))

    assert principal.subject == "auth0|after-rotation"
    assert jwks_server.hits[JWKS_PATH] == 2


def test_unknown_kids_refetch_once_per_interval(make_verifier, jwks_server, signing_key, other_key):
    verifier = make_verifier(jwks_refetch_interval=0.3)
    verifier.verify(mint(signing_key, claims_for()))
    unknown = mint(other_key, claims_for())

    for _ in range(2):
        time.sleep(0.35)
        for _ in range(3):
            with pytest.raises(InvalidToken):
                verifier.verify(unknown)

    assert jwks_server.hits[JWKS_PATH] == 3


def test_unreachable_keys_are_a_503_not_a_bad_token(make_verifier, jwks_server, signing_key):
    jwks_server.answer_json(JWKS_PATH, {"error": "down"}, status=500)
    verifier = make_verifier(jwks_refetch_interval=0.1)
    token = mint(signing_key, claims_for())

    with pytest.raises(JwksUnavailable, match="could not be fetched yet") as caught:
        verifier.verify(token)
    assert caught.value.status == 503

    jwks_server.answer_json(JWKS_PATH, {"keys": [signing_key.jwk()]})
    time.sleep(0.15)
    assert verifier.verify(token).subject == "auth0|alice"


def test_a_failed_refresh_keeps_the_keys_fetched_before(make_verifier, jwks_server, signing_key):
    verifier = make_verifier(jwks_max_age=0.0, jwks_refetch_interval=0.0)
    verifier.verify(mint(signing_key, claims_for(sub="auth0|before")))
    jwks_server.answer_json(JWKS_PATH, {"error": "down"}, status=503)

    principal = verifier.verify(mint(signing_key, claims_for(sub="auth0|during-outage")))

    assert principal.subject == "auth0|during-outage"
    assert jwks_server.hits[JWKS_PATH] == 2


def test_a_stale_key_set_keeps_serving_while_one_caller_refreshes(
    make_verifier, jwks_server, signing_key
):
    verifier = make_verifier(jwks_max_age=0.0, jwks_refetch_interval=0.0, http_timeout=30.0)
    verifier.verify(mint(signing_key, claims_for(sub="auth0|first")))
    slow_issuer = threading.Event()
    jwks_server.answer_json(JWKS_PATH, {"keys": [signing_key.jwk()]}, held_until=slow_issuer)

    with futures.ThreadPoolExecutor(max_workers=4) as pool:
        try:
            refresher = pool.submit(verifier.verify, mint(signing_key, claims_for(sub="auth0|r")))
            assert jwks_server.wait_for_hits(JWKS_PATH, 2)
            others = [
                pool.submit(verifier.verify, mint(signing_key, claims_for(sub=f"auth0|user-{n}")))
                for n in range(3)
            ]
            finished, _ = futures.wait(others, timeout=10)
            # All answered while the one refresh is still held by the issuer.
            assert finished == set(others)
            assert not refresher.done()
        finally:
            slow_issuer.set()
        assert refresher.result().subject == "auth0|r"

    assert [other.result().subject for other in others] == [f"auth0|user-{n}" for n in range(3)]
    assert jwks_server.hits[JWKS_PATH] == 2


def test_an_unknown_kid_waits_for_the_fetch_in_progress_instead_of_fetching_again(
    make_verifier, jwks_server, signing_key, other_key
):
    slow_issuer = threading.Event()
    jwks_server.answer_json(
        JWKS_PATH, {"keys": [signing_key.jwk(), other_key.jwk()]}, held_until=slow_issuer
    )
    verifier = make_verifier(http_timeout=30.0)

    with futures.ThreadPoolExecutor(max_workers=2) as pool:
        try:
            pool.submit(verifier.verify, mint(signing_key, claims_for()))
            assert jwks_server.wait_for_hits(JWKS_PATH, 1)
            rotated = pool.submit(verifier.verify, mint(other_key, claims_for(sub="auth0|rot")))
            # Time enough to refuse the kid wrongly; it must wait for the keys instead.
            finished, _ = futures.wait([rotated], timeout=0.2)
            assert not finished
        finally:
            slow_issuer.set()
        assert rotated.result().subject == "auth0|rot"

    assert jwks_server.hits[JWKS_PATH] == 1


def test_a_refresh_that_times_out_answers_with_the_known_keys(
    make_verifier, jwks_server, signing_key
):
    verifier = make_verifier(jwks_max_age=0.0, jwks_refetch_interval=0.0, http_timeout=0.2)
    verifier.verify(mint(signing_key, claims_for()))
    issuer_down = threading.Event()
    # Were this answer ever read, the key would be gone and the token refused.
    jwks_server.answer_json(JWKS_PATH, {"keys": []}, held_until=issuer_down)

    try:
        principal = verifier.verify(mint(signing_key, claims_for(sub="auth0|during-outage")))
    finally:
        issuer_down.set()

    assert principal.subject == "auth0|during-outage"
    assert jwks_server.hits[JWKS_PATH] == 2


def test_a_key_removed_from_the_jwks_stops_verifying_after_max_age(
    make_verifier, jwks_server, signing_key, other_key
):
    jwks_server.answer_json(JWKS_PATH, {"keys": [signing_key.jwk(), other_key.jwk()]})
    verifier = make_verifier(jwks_max_age=0.1, jwks_refetch_interval=0.0)
    verifier.verify(mint(other_key, claims_for()))
    jwks_server.answer_json(JWKS_PATH, {"keys": [signing_key.jwk()]})

    time.sleep(0.15)

    with pytest.raises(InvalidToken, match="no key in the issuer's JWKS"):
        verifier.verify(mint(other_key, claims_for(sub="auth0|revoked")))


def test_only_usable_rsa_signing_keys_are_taken(signing_key):
    short_key = rsa.generate_private_key(public_exponent=65537, key_size=1024)
    short_numbers = short_key.public_key().public_numbers()
    ec_numbers = ec.generate_private_key(ec.SECP256R1()).public_key().public_numbers()
    document = {
        "keys": [
            signing_key.jwk(),
            signing_key.jwk(kid="for-encryption", use="enc"),
            signing_key.jwk(kid="for-hs256", alg="HS256"),
            {
                "kty": "RSA",
                "kid": "short",
                "n": b64url(short_numbers.n.to_bytes(128, "big")),
                "e": "AQAB",
            },
            {
                "kty": "EC",
                "kid": "ec",
                "crv": "P-256",
                "x": b64url(ec_numbers.x.to_bytes(32, "big")),
                "y": b64url(ec_numbers.y.to_bytes(32, "big")),
            },
            {"kty": "RSA", "kid": "no-modulus", "e": "AQAB"},
            {"kty": "RSA", "kid": 7, "n": "AQAB", "e": "AQAB"},
            "not-a-key",
        ]
    }

    assert set(signing_keys(document, algorithms=("RS256",))) == {signing_key.kid}


@pytest.mark.parametrize("document", [[], {"keys": "none"}, {}])
def test_a_document_without_a_key_list_has_no_keys(document):
    assert signing_keys(document, algorithms=("RS256",)) == {}


def test_a_jwks_that_is_not_json_leaves_the_keys_unavailable(
    make_verifier, jwks_server, signing_key
):
    jwks_server.answer_raw(JWKS_PATH, Answer(200, b"<html>maintenance</html>"))

    with pytest.raises(JwksUnavailable):
        make_verifier().verify(mint(signing_key, claims_for()))


def test_a_key_without_alg_verifies_any_configured_algorithm(
    make_verifier, jwks_server, signing_key
):
    jwk = signing_key.jwk()
    del jwk["alg"]
    jwks_server.answer_json(JWKS_PATH, {"keys": [jwk]})

    principal = make_verifier(algorithms=("RS256", "RS512")).verify(mint(signing_key, claims_for()))

    assert principal.subject == "auth0|alice"


def test_every_kid_is_only_a_key_name(make_verifier, jwks_server):
    weird = KeyPair("../../etc/passwd")
    jwks_server.answer_json(JWKS_PATH, {"keys": [weird.jwk()]})

    assert make_verifier().verify(mint(weird, claims_for())).subject == "auth0|alice"
