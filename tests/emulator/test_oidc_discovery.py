"""OpenID Connect discovery and the JWKS, in Auth0's shapes."""

from __future__ import annotations

import requests

from .oidc_support import TIMEOUT


def test_discovery_names_this_tenants_endpoints(emulator):
    document = requests.get(
        f"{emulator.url}/.well-known/openid-configuration", timeout=TIMEOUT
    ).json()

    assert document["issuer"] == f"{emulator.url}/"
    assert document["authorization_endpoint"] == f"{emulator.url}/authorize"
    assert document["token_endpoint"] == f"{emulator.url}/oauth/token"
    assert document["userinfo_endpoint"] == f"{emulator.url}/userinfo"
    assert document["jwks_uri"] == f"{emulator.url}/.well-known/jwks.json"
    assert document["end_session_endpoint"] == f"{emulator.url}/oidc/logout"
    assert document["response_types_supported"] == ["code"]
    assert {"S256", "plain"} <= set(document["code_challenge_methods_supported"])
    assert "RS256" in document["id_token_signing_alg_values_supported"]


def test_jwks_publishes_rsa_signing_keys(emulator):
    keys = requests.get(f"{emulator.url}/.well-known/jwks.json", timeout=TIMEOUT).json()["keys"]

    assert len(keys) == 1
    key = keys[0]
    assert {key["kty"], key["use"], key["alg"]} == {"RSA", "sig", "RS256"}
    assert key["e"] == "AQAB"
    assert len(key["kid"]) > 8
    assert "d" not in key  # never the private part
