"""The portal's Auth0 client: sign-in and Management API URLs, against a real emulator."""

import pytest
from auth0.authentication.exceptions import Auth0Error

from portal import auth0


def as_custom_domain(url: str) -> str:
    """The emulator under another loopback name: the same tenant behind a second domain."""
    return url.replace("127.0.0.1", "localhost")


def test_one_domain_serves_sign_in_and_the_management_api(emulator, settings):
    settings.AUTH0_BASE_URL = emulator.url
    assert auth0.management_audience() == f"{emulator.url}/api/v2/"
    assert auth0.management_client().tenants.settings.get() is not None


def test_behind_a_custom_domain_the_management_api_uses_the_canonical_one(emulator, settings):
    settings.AUTH0_BASE_URL = as_custom_domain(emulator.url)
    settings.AUTH0_MANAGEMENT_BASE_URL = emulator.url
    assert auth0.issuer() == as_custom_domain(emulator.url) + "/"  # sign-in stays on it
    assert auth0.management_audience() == f"{emulator.url}/api/v2/"
    assert auth0.management_client().tenants.settings.get() is not None


def test_the_custom_domain_is_not_the_management_api_audience(emulator, settings):
    settings.AUTH0_BASE_URL = as_custom_domain(emulator.url)
    with pytest.raises(Auth0Error, match="Service not found") as refused:
        auth0.management_token()
    assert refused.value.status_code == 403
