"""Who may call the Management API: bearer token checks and Auth0's scope errors."""

from __future__ import annotations

import time

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

from .mgmt_client import TIMEOUT_SECONDS, RawApi, management_token


def test_a_call_without_a_token_is_missing_authentication(emulator):
    response = RawApi(emulator, token=None).get("organizations")

    assert response.status_code == 401
    assert response.json() == {
        "statusCode": 401,
        "error": "Unauthorized",
        "message": "Missing authentication",
    }


def test_a_token_that_is_not_a_jwt_is_invalid(emulator):
    response = RawApi(emulator, token="not-a-jwt").get("organizations")

    assert response.status_code == 401
    assert response.json() == {
        "statusCode": 401,
        "error": "Unauthorized",
        "message": "Invalid token",
        "attributes": {"error": "Invalid token"},
    }
    assert response.headers["WWW-Authenticate"] == 'Bearer error="Invalid token"'


def test_a_token_with_a_forged_signature_is_refused(emulator):
    genuine = management_token(emulator)
    someone_elses_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    forged = jwt.encode(
        jwt.decode(genuine, options={"verify_signature": False}),
        someone_elses_key,
        algorithm="RS256",
        headers={"kid": jwt.get_unverified_header(genuine)["kid"]},
    )

    response = RawApi(emulator, token=forged).get("organizations")

    assert response.status_code == 401
    assert response.json()["message"] == "Invalid signature received for JSON Web Token validation"


def test_an_expired_token_is_refused(emulator):
    # Signed directly: the token endpoint cannot issue a token that is already expired.
    keys, issuer = emulator.emulator.keys, emulator.emulator.issuer
    now = int(time.time())
    expired = keys.sign(
        {
            "iss": issuer,
            "aud": issuer + "api/v2/",
            "sub": "someone@clients",
            "iat": now - 7200,
            "exp": now - 3600,
            "scope": "read:organizations",
        }
    )

    response = RawApi(emulator, token=expired).get("organizations")

    assert response.status_code == 401
    assert response.json() == {
        "statusCode": 401,
        "error": "Unauthorized",
        "message": "Expired token received for JSON Web Token validation",
        "attributes": {"error": "Expired token received for JSON Web Token validation"},
    }


def test_a_token_for_another_api_is_refused(emulator):
    keys, issuer = emulator.emulator.keys, emulator.emulator.issuer
    now = int(time.time())
    other_audience = keys.sign(
        {"iss": issuer, "aud": "https://api.example.com/", "iat": now, "exp": now + 60}
    )

    response = RawApi(emulator, token=other_audience).get("organizations")

    assert response.status_code == 401
    assert response.json()["message"] == "Invalid token"


def test_a_token_without_the_endpoints_scope_gets_insufficient_scope(emulator):
    api = RawApi(emulator, token=management_token(emulator, ("read:users",)))

    response = api.get("organizations")

    assert response.status_code == 403
    assert response.json() == {
        "statusCode": 403,
        "error": "Forbidden",
        "message": "Insufficient scope, expected any of:"
        " read:organizations,read:organizations_summary",
        "errorCode": "insufficient_scope",
    }


def test_the_endpoints_scope_is_enough(emulator):
    api = RawApi(emulator, token=management_token(emulator, ("create:organizations",)))

    response = api.post("organizations", {"name": "acme"})

    assert response.status_code == 201


def test_listing_member_roles_needs_the_member_roles_scope_too(emulator):
    org_id = RawApi(emulator).post("organizations", {"name": "acme"}).json()["id"]
    api = RawApi(emulator, token=management_token(emulator, ("read:organization_members",)))

    plain = api.get(f"organizations/{org_id}/members")
    with_roles = api.get(f"organizations/{org_id}/members", params={"fields": "user_id,roles"})

    assert plain.status_code == 200
    assert with_roles.status_code == 403
    assert with_roles.json()["message"] == (
        "Insufficient scope, expected any of: read:organization_member_roles"
    )


def test_an_unknown_management_path_is_auth0s_not_found(emulator):
    response = RawApi(emulator).get("no-such-resource")

    assert response.status_code == 404
    assert response.json() == {"statusCode": 404, "error": "Not Found", "message": "Not Found"}


def test_a_method_the_path_lacks_is_auth0s_not_found(emulator):
    api = RawApi(emulator)

    responses = [api.get("users/auth0|123/sessions"), api.call("PUT", "organizations")]

    assert [r.status_code for r in responses] == [404, 404]
    for response in responses:
        assert response.json() == {"statusCode": 404, "error": "Not Found", "message": "Not Found"}


def test_a_doubled_slash_is_not_found_rather_than_redirected(emulator):
    api = RawApi(emulator)

    response = api.session.get(
        f"{emulator.url}/api/v2//organizations", allow_redirects=False, timeout=TIMEOUT_SECONDS
    )

    assert response.status_code == 404
    assert response.json() == {"statusCode": 404, "error": "Not Found", "message": "Not Found"}


def test_a_body_that_is_not_json_is_a_bad_request(emulator):
    response = RawApi(emulator).call(
        "POST", "organizations", data="{not json", headers={"Content-Type": "application/json"}
    )

    assert response.status_code == 400
    assert response.json() == {
        "statusCode": 400,
        "error": "Bad Request",
        "message": "Invalid request payload JSON format",
    }
