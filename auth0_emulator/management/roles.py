"""Roles, their permissions (scopes of an API) and the users holding them outside organizations.

Status codes follow Auth0's recorded answers, which are not uniform: creating a role is 200,
deleting one is 200 ``{}``, adding permissions is 201 ``{}``, adding users is 200 ``{}``.
"""

from __future__ import annotations

from ..errors import ManagementError, json_response
from ..resource_servers import resource_server_by_identifier
from ..store import Store
from ..tenant import new_id
from .documents import Document, no_content
from .gate import endpoint
from .pagination import checkpoint_page, offset_page, wants_checkpoint
from .payload import QueryParam, query_values, validated_body
from .references import (
    RESOURCE_SERVER_NOT_FOUND,
    grant_role,
    role_or_404,
    role_summary,
    user_or_404,
    user_summary,
)

NAME_TAKEN = "A role with this name already exists."

_NAME = {"type": "string", "minLength": 1, "maxLength": 50, "description": "Name of the role."}
_DESCRIPTION = {"type": "string", "maxLength": 140, "description": "Description of the role."}
CREATE_SCHEMA = {
    "type": "object",
    "required": ["name"],
    "properties": {"name": _NAME, "description": _DESCRIPTION},
}
UPDATE_SCHEMA = {"type": "object", "properties": {"name": _NAME, "description": _DESCRIPTION}}
PERMISSIONS_SCHEMA = {
    "type": "object",
    "required": ["permissions"],
    "properties": {
        "permissions": {
            "type": "array",
            "minItems": 1,
            "description": "array of resource_server_identifier, permission_name pairs.",
            "items": {
                "type": "object",
                "required": ["resource_server_identifier", "permission_name"],
                "properties": {
                    "resource_server_identifier": {
                        "type": "string",
                        "description": "Resource server (API) identifier that this permission is"
                        " for.",
                    },
                    "permission_name": {
                        "type": "string",
                        "description": "Name of this permission.",
                    },
                },
            },
        }
    },
}
USERS_SCHEMA = {
    "type": "object",
    "required": ["users"],
    "properties": {
        "users": {
            "type": "array",
            "minItems": 1,
            "items": {"type": "string"},
            "description": "user_id's of the users to assign the role to.",
        }
    },
}
LIST_PARAMS = (QueryParam("name_filter", "string", "Optional filter on name (case-insensitive)."),)


def _ensure_name_free(store: Store, name: str, owner_id: str = "") -> None:
    if store.first("roles", lambda r: r["name"] == name and r["id"] != owner_id):
        raise ManagementError(409, NAME_TAKEN)


@endpoint("roles", "POST", scopes=("create:roles",))
def role_create(emulator, request):
    body = validated_body(request, CREATE_SCHEMA)
    store = emulator.store
    with store.lock:
        _ensure_name_free(store, body["name"])
        role = {"id": new_id("rol_"), **body, "_permissions": []}
        store.put("roles", role["id"], role)
    return json_response(role_summary(role))


@endpoint("roles", scopes=("read:roles",))
def role_list(emulator, request):
    name_filter = query_values(request, LIST_PARAMS).get("name_filter", "").lower()
    roles = emulator.store.find("roles", lambda r: name_filter in r["name"].lower())
    page = offset_page(request, [role_summary(role) for role in roles])
    return json_response(page.body("roles"))


@endpoint("roles/<role_id>", scopes=("read:roles",))
def role_get(emulator, request, role_id):
    return json_response(role_summary(role_or_404(emulator.store, role_id)))


@endpoint("roles/<role_id>", "PATCH", scopes=("update:roles",))
def role_update(emulator, request, role_id):
    changes = validated_body(request, UPDATE_SCHEMA)
    store = emulator.store
    with store.lock:
        role = role_or_404(store, role_id)
        if "name" in changes:
            _ensure_name_free(store, changes["name"], role_id)
        role.update(changes)
        store.put("roles", role_id, role)
    return json_response(role_summary(role))


def _without_role(membership: Document, role_id: str) -> Document:
    return {**membership, "roles": [r for r in membership["roles"] if r != role_id]}


@endpoint("roles/<role_id>", "DELETE", scopes=("delete:roles",))
def role_delete(emulator, request, role_id):
    store = emulator.store
    with store.lock:
        role_or_404(store, role_id)
        for key, membership in store.items("members"):
            if role_id in membership["roles"]:
                store.put("members", key, _without_role(membership, role_id))
        store.delete_where("user_roles", lambda link: link["role_id"] == role_id)
        store.delete("roles", role_id)
    return json_response({})


def _permission_view(store: Store, permission: Document) -> Document:
    server = resource_server_by_identifier(store, permission["resource_server_identifier"]) or {}
    descriptions = {s["value"]: s.get("description") for s in server.get("scopes", [])}
    return {
        "permission_name": permission["permission_name"],
        "description": descriptions.get(permission["permission_name"]),
        "resource_server_name": server.get("name"),
        "resource_server_identifier": permission["resource_server_identifier"],
    }


@endpoint("roles/<role_id>/permissions", scopes=("read:roles",))
def role_permissions_list(emulator, request, role_id):
    store = emulator.store
    role = role_or_404(store, role_id)
    page = offset_page(request, [_permission_view(store, p) for p in role["_permissions"]])
    return json_response(page.body("permissions"))


def _ensure_defined(store: Store, permission: Document) -> None:
    """A role can only hold a scope that its API defines."""
    identifier = permission["resource_server_identifier"]
    server = resource_server_by_identifier(store, identifier)
    if server is None:
        raise ManagementError(404, RESOURCE_SERVER_NOT_FOUND)
    if permission["permission_name"] not in {s["value"] for s in server.get("scopes", [])}:
        raise ManagementError(
            400,
            f"Permission {permission['permission_name']} does not exist on resource server"
            f" {identifier}",
        )


def _pairs(permissions: list[Document]) -> list[Document]:
    keys = ("resource_server_identifier", "permission_name")
    return [{key: p[key] for key in keys} for p in permissions]


@endpoint("roles/<role_id>/permissions", "POST", scopes=("update:roles",))
def role_permissions_add(emulator, request, role_id):
    added = _pairs(validated_body(request, PERMISSIONS_SCHEMA)["permissions"])
    store = emulator.store
    with store.lock:
        role = role_or_404(store, role_id)
        for permission in added:
            _ensure_defined(store, permission)
        role["_permissions"] += [p for p in added if p not in role["_permissions"]]
        store.put("roles", role_id, role)
    return json_response({}, 201)


@endpoint("roles/<role_id>/permissions", "DELETE", scopes=("update:roles",))
def role_permissions_remove(emulator, request, role_id):
    removed = _pairs(validated_body(request, PERMISSIONS_SCHEMA)["permissions"])
    store = emulator.store
    with store.lock:
        role = role_or_404(store, role_id)
        role["_permissions"] = [p for p in role["_permissions"] if p not in removed]
        store.put("roles", role_id, role)
    return no_content()


def _by_user_id(user: Document) -> tuple[str, str]:
    return "", user["user_id"]


@endpoint("roles/<role_id>/users", scopes=("read:users", "read:roles", "read:role_members"))
def role_users_list(emulator, request, role_id):
    store = emulator.store
    role_or_404(store, role_id)
    links = store.find("user_roles", lambda link: link["role_id"] == role_id)
    users = [store.get("users", link["user_id"]) for link in links]
    summaries = [user_summary(user) for user in users if user is not None]
    if wants_checkpoint(request):
        return json_response(checkpoint_page(request, summaries, _by_user_id).body("users"))
    return json_response(offset_page(request, summaries).body("users"))


@endpoint("roles/<role_id>/users", "POST", scopes=("update:roles", "create:role_members"))
def role_users_assign(emulator, request, role_id):
    user_ids = validated_body(request, USERS_SCHEMA)["users"]
    store = emulator.store
    with store.lock:
        role_or_404(store, role_id)
        for user_id in user_ids:
            user_or_404(store, user_id)
        for user_id in user_ids:
            grant_role(store, user_id, role_id)
    return json_response({})
