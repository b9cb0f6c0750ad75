"""manage.py devstack: the emulator it starts agrees with the portal on every client."""

from auth0_emulator.config import EmulatorConfig
from portal.management.commands.devstack import _child_environment

SETTINGS_ONLY = {
    "PORTAL_BASE_URL": "http://127.0.0.1:18000",
    "AUTH0_CLIENT_ID": "from-settings-client",
    "AUTH0_CLIENT_SECRET": "from-settings-secret",
    "AUTH0_MANAGEMENT_CLIENT_ID": "from-settings-m2m",
    "AUTH0_MANAGEMENT_CLIENT_SECRET": "from-settings-m2m-secret",
}


def test_the_emulator_gets_the_portals_effective_auth0_settings(monkeypatch, settings):
    # Values the portal has from .env or its DEBUG defaults, not from the environment.
    for name, value in SETTINGS_ONLY.items():
        monkeypatch.delenv(name, raising=False)
        setattr(settings, name, value)
    for name, value in _child_environment().items():
        monkeypatch.setenv(name, value)
    config = EmulatorConfig.from_env()
    assert config.portal_url == "http://127.0.0.1:18000"
    assert (config.portal_client_id, config.portal_client_secret) == (
        "from-settings-client",
        "from-settings-secret",
    )
    assert (config.management_client_id, config.management_client_secret) == (
        "from-settings-m2m",
        "from-settings-m2m-secret",
    )
