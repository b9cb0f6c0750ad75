"""The whole stack for end-to-end tests: a live portal, a real emulator, bootstrap and demo data."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.conf import settings
from django.core.management import call_command

from auth0_emulator.server import EmulatorServer
from tenants.management.commands.demo_seed import DEMO_PASSWORD
from tests.conftest import emulator_config
from tests.e2e.browser import Browser, has_password_form
from tests.services.booking_process import BookingService


@dataclass
class Stack:
    portal: str
    emulator: EmulatorServer

    def url(self, path: str) -> str:
        return self.portal + path

    def sign_in(self, browser: Browser, email: str, query: str = "", password: str = DEMO_PASSWORD):
        """Start at the portal's login route and enter the credentials on Auth0's page."""
        page = browser.get(self.url(f"/login/{'?' + query if query else ''}"))
        if has_password_form(page):
            page = browser.submit(
                page, {"username": email, "password": password}, having="password"
            )
        return page


@pytest.fixture
def stack(live_server, settings, tmp_path) -> Stack:
    server = EmulatorServer(emulator_config(tmp_path, portal_url=live_server.url)).start()
    settings.AUTH0_BASE_URL = server.url
    settings.PORTAL_BASE_URL = live_server.url
    call_command("auth0_bootstrap", verbosity=0)
    call_command("demo_seed", verbosity=0)
    yield Stack(portal=live_server.url, emulator=server)
    server.stop()


@pytest.fixture
def browser() -> Browser:
    return Browser()


@pytest.fixture
def booking_service(stack, tmp_path):
    """The example booking service, configured as a deployed service is: the emulator as its
    Auth0 tenant and the live portal for the entitlements of overage tokens."""
    env = {
        "SERVICE_AUTH_ISSUER": stack.emulator.url + "/",
        "SERVICE_AUTH_AUDIENCE": settings.AUTH0_API_AUDIENCE,
        "SERVICE_AUTH_JWKS_URL": stack.emulator.url + "/.well-known/jwks.json",
        "SERVICE_AUTH_CLAIMS_NAMESPACE": settings.AUTH0_CLAIMS_NAMESPACE,
        "SERVICE_AUTH_ENTITLEMENTS_URL": stack.url("/api/entitlements"),
    }
    with BookingService(env, tmp_path) as service:
        yield service
