"""auth0/actions/post-login.js against docs/token-contract.md, run in the emulator's runtime."""

from __future__ import annotations

import dataclasses
import logging

import pytest
from django.conf import settings

from auth0_emulator.actions import PostLoginResult, execute_post_login

from .events import (
    ORG_ID,
    OTHER_ORG_ID,
    claims_action,
    contract_claims,
    event_with_entitlements,
)

TIMEOUT_MS = 5_000
PRO = {"plan": "pro", "features": ["bookings", "inventory"], "v": 7}


def sign_in(event: dict, namespace: str | None = None) -> PostLoginResult:
    return execute_post_login([claims_action(namespace)], event, timeout_ms=TIMEOUT_MS).result


def test_org_login_carries_roles_plan_features_and_version():
    result = sign_in(event_with_entitlements({ORG_ID: PRO}))

    assert result.denied is None
    assert contract_claims(result.access_token_claims) == {
        "roles": ["admin", "member"],
        "plan": "pro",
        "features": ["bookings", "inventory"],
        "ent_v": 7,
    }
    assert result.id_token_claims == {}


def test_overage_replaces_features_with_a_marker():
    entitlements = {"plan": "enterprise", "features": ["bookings"], "v": 3, "overage": True}

    result = sign_in(event_with_entitlements({ORG_ID: entitlements}))

    assert contract_claims(result.access_token_claims) == {
        "roles": ["admin", "member"],
        "plan": "enterprise",
        "ent_v": 3,
        "overage": ["features"],
    }


def test_login_outside_an_organization_gets_no_claims():
    event = event_with_entitlements({ORG_ID: PRO}, authorization={"roles": []})
    del event["organization"]

    result = sign_in(event)

    assert result == PostLoginResult(access_token_claims={}, id_token_claims={}, denied=None)


def test_tenant_not_synced_yet_gets_roles_only():
    result = sign_in(event_with_entitlements({}))

    assert result.denied is None
    assert contract_claims(result.access_token_claims) == {"roles": ["admin", "member"]}


def test_member_without_roles_gets_an_empty_role_list():
    result = sign_in(event_with_entitlements({ORG_ID: PRO}, authorization={"roles": []}))

    assert contract_claims(result.access_token_claims)["roles"] == []


def test_user_in_two_tenants_gets_only_the_current_tenants_data():
    other = {"plan": "enterprise", "features": ["payments"], "v": 12, "overage": True}
    event = event_with_entitlements({OTHER_ORG_ID: other, ORG_ID: PRO})

    claims = contract_claims(sign_in(event).access_token_claims)

    assert claims == {
        "roles": ["admin", "member"],
        "plan": "pro",
        "features": ["bookings", "inventory"],
        "ent_v": 7,
    }


@pytest.mark.parametrize(
    ("entitlements", "expected"),
    [
        ({**PRO, "plan": 42}, {"features": ["bookings", "inventory"], "ent_v": 7}),
        ({**PRO, "plan": "Pro Plan"}, {"features": ["bookings", "inventory"], "ent_v": 7}),
        ({**PRO, "features": "bookings"}, {"plan": "pro", "ent_v": 7}),
        ({**PRO, "features": ["bookings", "Bad Code"]}, {"plan": "pro", "ent_v": 7}),
        ({**PRO, "features": ["bookings", "bookings"]}, {"plan": "pro", "ent_v": 7}),
        ({**PRO, "features": [None]}, {"plan": "pro", "ent_v": 7}),
        ({**PRO, "v": -1}, {"plan": "pro", "features": ["bookings", "inventory"]}),
        ({**PRO, "v": "7"}, {"plan": "pro", "features": ["bookings", "inventory"]}),
        ({**PRO, "v": 7.5}, {"plan": "pro", "features": ["bookings", "inventory"]}),
        ({"plan": "pro", "overage": True}, {"plan": "pro"}),
        ({"plan": "pro", "overage": True, "v": None}, {"plan": "pro"}),
        ("pro", {}),
        (["pro"], {}),
        (None, {}),
    ],
    ids=[
        "plan-not-a-string",
        "plan-bad-code",
        "features-not-a-list",
        "features-bad-code",
        "features-duplicated",
        "features-null-item",
        "version-negative",
        "version-string",
        "version-fraction",
        "overage-without-version",
        "overage-null-version",
        "entitlements-a-string",
        "entitlements-a-list",
        "entitlements-null",
    ],
)
def test_malformed_entitlements_leave_the_bad_claim_out_and_allow_the_login(entitlements, expected):
    result = sign_in(event_with_entitlements({ORG_ID: entitlements}))

    assert result.denied is None
    assert contract_claims(result.access_token_claims) == {"roles": ["admin", "member"], **expected}


@pytest.mark.parametrize(
    "authorization",
    [{}, {"roles": "admin"}, {"roles": ["admin", ""]}, {"roles": ["x" * 51]}, None],
    ids=["no-roles", "roles-a-string", "empty-role-name", "role-name-too-long", "null"],
)
def test_malformed_roles_are_left_out_and_the_login_allowed(authorization):
    result = sign_in(event_with_entitlements({ORG_ID: PRO}, authorization=authorization))

    assert result.denied is None
    assert "roles" not in contract_claims(result.access_token_claims)


def test_left_out_claim_is_logged_with_the_reason(caplog):
    with caplog.at_level(logging.INFO, logger="auth0_emulator.actions"):
        sign_in(event_with_entitlements({ORG_ID: {**PRO, "plan": "Pro Plan"}}))

    assert f'{ORG_ID}: plan left out, "Pro Plan" does not fit the contract' in caplog.text


@pytest.mark.parametrize(
    "namespace",
    [None, "", "tenant-portal.test", "https://tenant-portal.test"],
    ids=["missing", "empty", "not-a-url", "no-trailing-slash"],
)
def test_missing_or_malformed_namespace_denies_the_login(namespace):
    secrets = {} if namespace is None else {"CLAIMS_NAMESPACE": namespace}
    misconfigured = dataclasses.replace(claims_action(), secrets=secrets)

    outcome = execute_post_login(
        [misconfigured], event_with_entitlements({ORG_ID: PRO}), timeout_ms=TIMEOUT_MS
    )

    assert outcome.result.denied == (
        'Sign-in is misconfigured: the Action secret CLAIMS_NAMESPACE must be a URL ending in "/".'
    )
    assert outcome.result.access_token_claims == {}


def test_namespace_comes_from_the_secret():
    result = sign_in(event_with_entitlements({ORG_ID: PRO}), namespace="https://claims.example/")

    assert result.access_token_claims["https://claims.example/plan"] == "pro"
    assert not any(
        name.startswith(settings.AUTH0_CLAIMS_NAMESPACE) for name in result.access_token_claims
    )
