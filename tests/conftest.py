"""Shared fixtures: a real emulator on a free loopback port for anything that touches Auth0."""

from __future__ import annotations

import pytest
from django.conf import settings

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


@pytest.fixture
def emulator(tmp_path):
    """A fresh emulated tenant for one test, persisted under the test's tmp_path."""
    server = EmulatorServer(emulator_config(tmp_path)).start()
    yield server
    server.stop()
