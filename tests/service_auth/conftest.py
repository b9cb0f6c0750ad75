"""Fixtures for service_auth: an issuer's keys, its JWKS and the portal on local servers."""

from __future__ import annotations

import pytest

from service_auth import TokenVerifier
from tests.service_auth.support import (
    AUDIENCE,
    ENTITLEMENTS_PATH,
    ISSUER,
    JWKS_PATH,
    NAMESPACE,
    KeyPair,
    LocalServer,
)


@pytest.fixture(scope="session")
def signing_key() -> KeyPair:
    """The issuer's current key (generating RSA keys is slow: one per test run)."""
    return KeyPair("key-1")


@pytest.fixture(scope="session")
def other_key() -> KeyPair:
    """A second key: the next key after a rotation, or an attacker's."""
    return KeyPair("key-2")


@pytest.fixture
def jwks_server(signing_key):
    """The issuer's JWKS endpoint, publishing ``signing_key`` only."""
    server = LocalServer()
    server.answer_json(JWKS_PATH, {"keys": [signing_key.jwk()]})
    yield server
    server.stop()


@pytest.fixture
def portal():
    """The portal's entitlements endpoint; each test sets the answers it needs."""
    server = LocalServer()
    yield server
    server.stop()


@pytest.fixture
def make_verifier(jwks_server, portal):
    def make(**options) -> TokenVerifier:
        settings = {
            "issuer": ISSUER,
            "audience": AUDIENCE,
            "jwks_url": jwks_server.url + JWKS_PATH,
            "claims_namespace": NAMESPACE,
            "entitlements_url": portal.url + ENTITLEMENTS_PATH,
            "http_timeout": 2.0,
            **options,
        }
        return TokenVerifier(**settings)

    return make


@pytest.fixture
def verifier(make_verifier) -> TokenVerifier:
    return make_verifier()
