"""Resource servers (APIs): defaults, lookup by id or identifier, updates and deletion."""

from __future__ import annotations

from urllib.parse import quote

from .mgmt_client import RawApi, management_client

IDENTIFIER = "https://api.tenant-portal.test/"


def _create(emulator, **extra):
    return management_client(emulator).resource_servers.create(
        identifier=IDENTIFIER,
        name="Portal API",
        scopes=[{"value": "read:bookings", "description": "Read bookings"}],
        **extra,
    )


def test_a_new_api_gets_auth0s_defaults(emulator):
    server = _create(emulator, enforce_policies=True, token_dialect="access_token_authz")

    assert len(server.id) == 24
    assert (server.signing_alg, server.token_lifetime, server.allow_offline_access) == (
        "RS256",
        86400,
        False,
    )
    assert (server.enforce_policies, server.token_dialect) == (True, "access_token_authz")


def test_an_api_is_read_by_id_or_by_its_url_encoded_identifier(emulator):
    server = _create(emulator)
    client = management_client(emulator)

    by_id = client.resource_servers.get(server.id)
    by_identifier = RawApi(emulator).get(f"resource-servers/{quote(IDENTIFIER, safe='')}")

    assert by_id.identifier == IDENTIFIER
    assert by_identifier.json()["id"] == server.id


def test_identifiers_are_unique(emulator):
    _create(emulator)

    response = RawApi(emulator).post("resource-servers", {"identifier": IDENTIFIER})

    assert response.json() == {
        "statusCode": 409,
        "error": "Conflict",
        "message": "A resource server with the same identifier already exists",
        "errorCode": "resource_server_conflict",
    }


def test_the_token_dialect_is_one_of_auth0s(emulator):
    response = RawApi(emulator).post(
        "resource-servers", {"identifier": IDENTIFIER, "token_dialect": "jwt"}
    )

    assert response.status_code == 400
    assert response.json()["message"] == (
        "Payload validation error: 'No enum match for: \"jwt\"' on property token_dialect"
        " (Dialect of issued access token.)."
    )


def test_an_update_changes_settings_but_not_the_identifier(emulator):
    server = _create(emulator)
    client = management_client(emulator)

    updated = client.resource_servers.update(
        server.id,
        enforce_policies=True,
        allow_offline_access=True,
        scopes=[{"value": "read:bookings"}, {"value": "write:bookings"}],
    )
    renamed = RawApi(emulator).patch(f"resource-servers/{server.id}", {"identifier": "x"})

    assert updated.enforce_policies is True
    assert [s.value for s in updated.scopes] == ["read:bookings", "write:bookings"]
    assert renamed.json()["message"] == (
        "Payload validation error: 'Additional properties not allowed: identifier'."
    )


def test_the_management_api_is_listed(emulator):
    identifiers = [s.identifier for s in management_client(emulator).resource_servers.list()]

    assert identifiers == [emulator.emulator.issuer + "api/v2/"]


def test_deleting_an_api_ends_its_grants_and_role_permissions(emulator):
    server = _create(emulator)
    client = management_client(emulator)
    store = emulator.emulator.store
    role = client.roles.create(name="reader")
    permission = {"resource_server_identifier": IDENTIFIER, "permission_name": "read:bookings"}
    client.roles.permissions.add(role.id, permissions=[permission])
    app = client.clients.create(name="Worker", app_type="non_interactive")
    client.client_grants.create(client_id=app.client_id, audience=IDENTIFIER, scope=[])

    client.resource_servers.delete(server.id)

    assert store.get("resource_servers", server.id) is None
    assert store.get("roles", role.id)["_permissions"] == []
    assert store.find("client_grants", lambda g: g["audience"] == IDENTIFIER) == []
