"""Connections enabled on an organization."""

from __future__ import annotations

import pytest

from auth0_emulator.tenant import DATABASE_CONNECTION

from .mgmt_client import RawApi, management_client, management_token


@pytest.fixture
def client(emulator):
    """The portal's Management client, whose grant has the organization-connection scopes."""
    return management_client(emulator)


@pytest.fixture
def connection_id(emulator):
    return emulator.emulator.store.get("connections", DATABASE_CONNECTION)["id"]


def test_a_connection_is_enabled_listed_updated_and_disabled(client, connection_id):
    org = client.organizations.create(name="acme")
    connections = client.organizations.enabled_connections

    added = connections.add(org.id, connection_id=connection_id, assign_membership_on_login=True)
    listed = list(connections.list(org.id))
    read = connections.get(org.id, connection_id)
    updated = connections.update(org.id, connection_id, is_signup_enabled=True)
    connections.delete(org.id, connection_id)

    assert added.connection.name == DATABASE_CONNECTION
    assert (added.assign_membership_on_login, added.show_as_button) == (True, True)
    assert [c.connection_id for c in listed] == [connection_id]
    assert (read.connection_id, read.connection.strategy) == (connection_id, "auth0")
    assert read.assign_membership_on_login is True
    assert updated.is_signup_enabled is True
    assert list(connections.list(org.id)) == []


def test_connections_enabled_at_creation_are_in_the_answer_only(client, connection_id, emulator):
    org = client.organizations.create(
        name="acme", enabled_connections=[{"connection_id": connection_id}]
    )
    read = RawApi(emulator).get(f"organizations/{org.id}")

    assert [c.connection_id for c in org.enabled_connections] == [connection_id]
    assert "enabled_connections" not in read.json()


def test_an_unknown_connection_is_not_enabled(client, emulator):
    org = client.organizations.create(name="acme")

    response = RawApi(emulator).post(
        f"organizations/{org.id}/enabled_connections", {"connection_id": "con_x"}
    )

    assert response.status_code == 404
    assert response.json()["errorCode"] == "inexistent_connection"


def test_the_scopes_are_required(emulator):
    org = management_client(emulator).organizations.create(name="acme")
    api = RawApi(emulator, token=management_token(emulator, ("read:organizations",)))

    response = api.get(f"organizations/{org.id}/enabled_connections")

    assert response.status_code == 403
    assert response.json()["message"] == (
        "Insufficient scope, expected any of: read:organization_connections"
    )
