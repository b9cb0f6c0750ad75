"""The booking service in a subprocess, with its issuer's JWKS and the portal on local servers."""

from __future__ import annotations

import pytest

from tests.service_auth.support import (
    AUDIENCE,
    ENTITLEMENTS_PATH,
    ISSUER,
    JWKS_PATH,
    NAMESPACE,
    KeyPair,
    LocalServer,
)
from tests.services.booking_process import BookingService


@pytest.fixture(scope="module")
def booking_key() -> KeyPair:
    return KeyPair("booking-test-key")


@pytest.fixture(scope="module")
def auth_server(booking_key):
    """Serves the issuer's JWKS and the portal's entitlements endpoint."""
    server = LocalServer()
    server.answer_json(JWKS_PATH, {"keys": [booking_key.jwk()]})
    yield server
    server.stop()


@pytest.fixture(scope="module")
def booking_service(auth_server, tmp_path_factory):
    env = {
        "SERVICE_AUTH_ISSUER": ISSUER,
        "SERVICE_AUTH_AUDIENCE": AUDIENCE,
        "SERVICE_AUTH_JWKS_URL": auth_server.url + JWKS_PATH,
        "SERVICE_AUTH_CLAIMS_NAMESPACE": NAMESPACE,
        "SERVICE_AUTH_ENTITLEMENTS_URL": auth_server.url + ENTITLEMENTS_PATH,
    }
    with BookingService(env, tmp_path_factory.mktemp("booking")) as service:
        yield service
