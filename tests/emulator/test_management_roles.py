"""Roles, the API permissions they hold, and the users holding them."""

from __future__ import annotations

import pytest

from .mgmt_client import RawApi, management_client
from .mgmt_seed import create_user

API = "https://api.tenant-portal.test/"


@pytest.fixture
def api_with_scopes(emulator):
    return management_client(emulator).resource_servers.create(
        identifier=API,
        name="Portal API",
        scopes=[
            {"value": "read:bookings", "description": "Read bookings"},
            {"value": "write:bookings", "description": "Write bookings"},
        ],
    )


def _permission(name: str) -> dict:
    return {"resource_server_identifier": API, "permission_name": name}


def test_roles_are_created_read_updated_and_listed(emulator):
    client = management_client(emulator)

    role = client.roles.create(name="admin", description="Administers")
    updated = client.roles.update(role.id, description="Runs the tenant")
    filtered = list(client.roles.list(name_filter="ADM"))

    assert role.id.startswith("rol_")
    assert client.roles.get(role.id).description == "Runs the tenant"
    assert updated.name == "admin"
    assert [r.id for r in filtered] == [role.id]


def test_status_codes_follow_auth0s_recordings(emulator):
    api = RawApi(emulator)

    created = api.post("roles", {"name": "admin"})
    deleted = api.delete(f"roles/{created.json()['id']}")
    again = api.delete(f"roles/{created.json()['id']}")

    assert created.status_code == 200
    assert (deleted.status_code, deleted.json()) == (200, {})
    assert again.json() == {
        "statusCode": 404,
        "error": "Not Found",
        "message": "The role does not exist.",
    }


def test_role_names_are_unique(emulator):
    api = RawApi(emulator)
    api.post("roles", {"name": "admin"})

    assert api.post("roles", {"name": "admin"}).status_code == 409


def test_permissions_are_added_listed_and_removed(emulator, api_with_scopes):
    client = management_client(emulator)
    role = client.roles.create(name="editor")

    client.roles.permissions.add(role.id, permissions=[_permission("write:bookings")])
    listed = list(client.roles.permissions.list(role.id))
    client.roles.permissions.delete(role.id, permissions=[_permission("write:bookings")])

    assert [
        (p.permission_name, p.description, p.resource_server_name, p.resource_server_identifier)
        for p in listed
    ] == [("write:bookings", "Write bookings", "Portal API", API)]
    assert list(client.roles.permissions.list(role.id)) == []


def test_a_permission_the_api_does_not_define_is_refused(emulator, api_with_scopes):
    api = RawApi(emulator)
    role_id = api.post("roles", {"name": "editor"}).json()["id"]

    undefined = api.post(f"roles/{role_id}/permissions", {"permissions": [_permission("fly")]})
    unknown_api = api.post(
        f"roles/{role_id}/permissions",
        {"permissions": [{"resource_server_identifier": "x", "permission_name": "fly"}]},
    )

    assert undefined.status_code == 400
    assert undefined.json()["message"] == f"Permission fly does not exist on resource server {API}"
    assert unknown_api.status_code == 404
    assert emulator.emulator.store.get("roles", role_id)["_permissions"] == []


def test_users_of_a_role(emulator):
    client = management_client(emulator)
    role = client.roles.create(name="support")
    ann = create_user(client, "ann@example.com")

    client.roles.users.assign(role.id, users=[ann.user_id])
    by_checkpoint = list(client.roles.users.list(role.id))
    by_offset = RawApi(emulator).get(f"roles/{role.id}/users", params={"include_totals": "true"})

    assert [(u.user_id, u.email) for u in by_checkpoint] == [(ann.user_id, "ann@example.com")]
    assert by_offset.json()["total"] == 1
    assert set(by_offset.json()["users"][0]) == {"user_id", "email", "picture", "name"}


def test_deleting_a_role_takes_it_from_members_and_users(emulator):
    client = management_client(emulator)
    store = emulator.emulator.store
    org = client.organizations.create(name="acme")
    ann = create_user(client, "ann@example.com")
    kept, deleted = client.roles.create(name="viewer"), client.roles.create(name="admin")
    client.organizations.members.roles.assign(org.id, ann.user_id, roles=[kept.id, deleted.id])
    client.users.roles.assign(ann.user_id, roles=[deleted.id])

    client.roles.delete(deleted.id)

    assert store.get("members", f"{org.id}|{ann.user_id}")["roles"] == [kept.id]
    assert store.count("user_roles") == 0
