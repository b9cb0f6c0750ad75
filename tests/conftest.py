"""Shared fixtures: a real emulator on a free loopback port for anything that touches Auth0."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.cache import cache

from auth0_emulator.config import EmulatorConfig
from auth0_emulator.server import EmulatorServer


def emulator_config(tmp_path=None, **overrides) -> EmulatorConfig:
    """The emulator as the portal's settings describe it, on a free port."""
    values = {
        "host": "127.0.0.1",
        "port": 0,
        "state_path": str(tmp_path / "emulator.sqlite3") if tmp_path else None,
        "portal_client_id": settings.AUTH0_CLIENT_ID,
        "portal_client_secret": settings.AUTH0_CLIENT_SECRET,
        "management_client_id": settings.AUTH0_MANAGEMENT_CLIENT_ID,
        "management_client_secret": settings.AUTH0_MANAGEMENT_CLIENT_SECRET,
        **overrides,
    }
    return EmulatorConfig(**values)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache (the test settings' own, see tests/settings.py).

    A Management token cached for one test's emulator must not reach the next emulator, which
    may get the same port but signs with other keys.
    """
    cache.clear()


@pytest.fixture
def emulator(tmp_path):
    """A fresh emulated tenant for one test, persisted under the test's tmp_path."""
    server = EmulatorServer(emulator_config(tmp_path)).start()
    yield server
    server.stop()


@pytest.fixture
def acme(db):
    from tests import factories

    return factories.tenant(name="acme", display_name="Acme Corporation")


@pytest.fixture
def owner(acme):
    from tests import factories

    person = factories.user(email="owner@acme.test")
    factories.membership(tenant=acme, user=person, roles=("owner",))
    return person


@pytest.fixture
def member(acme):
    from tests import factories

    person = factories.user(email="member@acme.test")
    factories.membership(tenant=acme, user=person, roles=("member",))
    return person


@pytest.fixture
def outsider(db):
    """Signed in, but a member of another tenant only."""
    from tests import factories

    person = factories.user(email="outsider@globex.test")
    factories.membership(tenant=factories.tenant(name="globex"), user=person)
    return person


def signed_in_client(client, user, tenant=None):
    """A test client logged in as ``user``, its session signed in to ``tenant``."""
    from portal.tenancy import SESSION_KEY

    client.force_login(user, backend="portal.auth0_backend.Auth0Organizations")
    if tenant is not None:
        session = client.session
        session[SESSION_KEY] = str(tenant.code)
        session.save()
    return client
