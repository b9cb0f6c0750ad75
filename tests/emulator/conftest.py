"""Fixtures shared by the emulator's tests: its store, and a client app registered in it.

``client`` here is an Auth0 application (a dict), not Django's test client: the emulator's
tests never use Django's.
"""

import pytest

from tests.emulator.oidc_support import seed_client, seed_organization


@pytest.fixture
def store(emulator):
    return emulator.emulator.store


@pytest.fixture
def client(store):
    return seed_client(store)


@pytest.fixture
def acme(store):
    return seed_organization(store, "acme", "Acme Ltd")
