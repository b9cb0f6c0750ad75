"""Overage tokens: features fetched from the portal with the same token, cached by version."""

from __future__ import annotations

import threading
from concurrent import futures

import pytest

from service_auth import EntitlementsUnavailable, Forbidden, InvalidToken
from tests.service_auth.support import (
    ENTITLEMENTS_PATH,
    NAMESPACE,
    mint,
    overage_claims,
)

ORG_A_PATH = f"{ENTITLEMENTS_PATH}/org_A"


def entitlements(org_id="org_A", features=("bookings", "reports"), v=3):
    return {"org_id": org_id, "plan": "enterprise", "features": list(features), "v": v}


def test_features_are_fetched_with_the_callers_token(verifier, portal, signing_key):
    portal.answer_json(ORG_A_PATH, entitlements())
    token = mint(signing_key, overage_claims())

    principal = verifier.verify(token)
    principal.require(permission="bookings:read", feature="bookings", org_id="org_A")

    assert principal.features == {"bookings", "reports"}
    assert portal.authorizations == [f"Bearer {token}"]


def test_tokens_of_one_tenant_and_version_share_one_fetch(verifier, portal, signing_key):
    portal.answer_json(ORG_A_PATH, entitlements())

    for n in range(5):
        principal = verifier.verify(mint(signing_key, overage_claims(sub=f"auth0|user-{n}")))
        assert "reports" in principal.features

    assert portal.hits[ORG_A_PATH] == 1


def read_features_together(principals, portal, *, held_until):
    """Each principal's features (or error) read at once; the portal answers once they all ask."""
    everyone_ready = threading.Barrier(len(principals))

    def read(principal):
        everyone_ready.wait()
        return principal.features

    with futures.ThreadPoolExecutor(max_workers=len(principals)) as pool:
        try:
            readers = [pool.submit(read, principal) for principal in principals]
            assert portal.wait_for_hits(ORG_A_PATH, 1)
        finally:
            held_until.set()
        futures.wait(readers)
    return readers


def test_concurrent_misses_for_one_version_share_one_fetch(verifier, portal, signing_key):
    slow_portal = threading.Event()
    portal.answer_json(ORG_A_PATH, entitlements(), held_until=slow_portal)
    principals = [
        verifier.verify(mint(signing_key, overage_claims(sub=f"auth0|user-{n}"))) for n in range(5)
    ]

    readers = read_features_together(principals, portal, held_until=slow_portal)

    assert [reader.result() for reader in readers] == [{"bookings", "reports"}] * 5
    assert portal.hits[ORG_A_PATH] == 1


def test_a_failed_shared_fetch_fails_its_waiters_and_is_not_cached(verifier, portal, signing_key):
    slow_portal = threading.Event()
    portal.answer_json(ORG_A_PATH, {"error": "boom"}, status=500, held_until=slow_portal)
    principals = [
        verifier.verify(mint(signing_key, overage_claims(sub=f"auth0|user-{n}"))) for n in range(3)
    ]

    readers = read_features_together(principals, portal, held_until=slow_portal)

    for reader in readers:
        assert isinstance(reader.exception(), EntitlementsUnavailable)
        assert "HTTP 500" in reader.exception().reason
    fetched_so_far = portal.hits[ORG_A_PATH]
    portal.answer_json(ORG_A_PATH, entitlements())
    assert principals[0].features == {"bookings", "reports"}
    assert portal.hits[ORG_A_PATH] == fetched_so_far + 1


def test_a_newer_version_is_fetched_again(verifier, portal, signing_key):
    portal.answer_json(ORG_A_PATH, entitlements(v=3))
    assert "reports" in verifier.verify(mint(signing_key, overage_claims())).features
    portal.answer_json(ORG_A_PATH, entitlements(features=["bookings"], v=4))

    newer = verifier.verify(mint(signing_key, overage_claims(**{f"{NAMESPACE}ent_v": 4})))

    assert newer.features == {"bookings"}
    assert portal.hits[ORG_A_PATH] == 2


def test_a_route_without_a_feature_does_not_fetch(verifier, portal, signing_key):
    principal = verifier.verify(mint(signing_key, overage_claims()))

    principal.require(permission="bookings:read", org_id="org_A")

    assert portal.hits.total() == 0


def test_a_feature_missing_from_the_entitlements_is_forbidden(verifier, portal, signing_key):
    portal.answer_json(ORG_A_PATH, entitlements(features=["reports"]))
    principal = verifier.verify(mint(signing_key, overage_claims()))

    with pytest.raises(Forbidden, match="does not include the feature bookings"):
        principal.require(feature="bookings", org_id="org_A")


def test_without_an_entitlements_url_overage_features_are_unavailable(make_verifier, signing_key):
    principal = make_verifier(entitlements_url=None).verify(mint(signing_key, overage_claims()))

    with pytest.raises(EntitlementsUnavailable, match="no entitlements_url configured"):
        principal.require(feature="bookings", org_id="org_A")


def test_a_failing_portal_is_a_503_and_is_asked_again_next_time(verifier, portal, signing_key):
    portal.answer_json(ORG_A_PATH, {"error": "boom"}, status=500)
    principal = verifier.verify(mint(signing_key, overage_claims()))

    with pytest.raises(EntitlementsUnavailable, match="HTTP 500") as caught:
        principal.require(feature="bookings", org_id="org_A")
    assert caught.value.status == 503

    portal.answer_json(ORG_A_PATH, entitlements())
    principal.require(feature="bookings", org_id="org_A")
    assert portal.hits[ORG_A_PATH] == 2


@pytest.mark.parametrize(
    ("answer", "reason"),
    [
        (["bookings"], "not a JSON object"),
        (entitlements(org_id="org_B"), "for another organization"),
        (entitlements(v=2), "older than the token"),
        (entitlements(features="bookings"), "features must be a list"),
        (entitlements(features=["Bookings!"]), "features must be a list"),
    ],
)
def test_an_unusable_answer_is_unavailable_not_trusted(
    verifier, portal, signing_key, answer, reason
):
    portal.answer_json(ORG_A_PATH, answer)
    principal = verifier.verify(mint(signing_key, overage_claims()))

    with pytest.raises(EntitlementsUnavailable, match=reason):
        principal.require(feature="bookings", org_id="org_A")


def test_an_overage_token_without_an_organization_is_refused(verifier, signing_key):
    with pytest.raises(InvalidToken, match="must carry org_id"):
        verifier.verify(mint(signing_key, overage_claims(org_id=None)))


def test_the_org_id_is_escaped_in_the_entitlements_url(verifier, portal, signing_key):
    principal = verifier.verify(mint(signing_key, overage_claims(org_id="org_A/../admin")))

    with pytest.raises(EntitlementsUnavailable, match="HTTP 404"):
        principal.require(feature="bookings")
    assert list(portal.hits) == [f"{ENTITLEMENTS_PATH}/org_A%2F..%2Fadmin"]
