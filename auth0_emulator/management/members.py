"""Organization members and their roles in that organization (see ``..memberships``)."""

from __future__ import annotations

from dataclasses import replace

from ..errors import ManagementError, json_response
from ..memberships import (
    COLLECTION,
    membership_get,
    membership_key,
    membership_or_new,
    membership_save,
)
from ..store import Store
from .documents import Document, no_content, requested_fields, select_fields
from .gate import endpoint, require_scope
from .pagination import checkpoint_page, offset_page, wants_checkpoint
from .payload import validated_body
from .references import (
    existing_roles,
    organization_or_404,
    role_or_404,
    role_summary,
    user_or_404,
    user_summary,
)

UNKNOWN_USERS = "One or more of the users do not exist."
ROLES_SCOPE = ("read:organization_member_roles",)

MEMBERS_SCHEMA = {
    "type": "object",
    "required": ["members"],
    "properties": {
        "members": {
            "type": "array",
            "minItems": 1,
            "items": {"type": "string"},
            "description": "List of user IDs to add to the organization as members.",
        }
    },
}
ROLES_SCHEMA = {
    "type": "object",
    "required": ["roles"],
    "properties": {
        "roles": {
            "type": "array",
            "minItems": 1,
            "items": {"type": "string"},
            "description": "List of roles IDs to associate with the user.",
        }
    },
}


def _joined_order(membership: Document) -> tuple[str, str]:
    return membership["created_at"], membership["user_id"]


@endpoint("organizations/<org_id>/members", "POST", scopes=("create:organization_members",))
def members_add(emulator, request, org_id):
    user_ids = validated_body(request, MEMBERS_SCHEMA)["members"]
    store = emulator.store
    with store.lock:
        organization_or_404(store, org_id)
        if any(store.get("users", user_id) is None for user_id in user_ids):
            raise ManagementError(400, UNKNOWN_USERS)
        for user_id in user_ids:
            membership_save(store, membership_or_new(store, org_id, user_id))
    return no_content()


@endpoint("organizations/<org_id>/members", "DELETE", scopes=("delete:organization_members",))
def members_remove(emulator, request, org_id):
    user_ids = validated_body(request, MEMBERS_SCHEMA)["members"]
    store = emulator.store
    with store.lock:
        organization_or_404(store, org_id)
        for user_id in user_ids:
            store.delete(COLLECTION, membership_key(org_id, user_id))
    return no_content()


def _member_view(store: Store, membership: Document, with_roles: bool) -> Document:
    user = store.get("users", membership["user_id"]) or {"user_id": membership["user_id"]}
    view = user_summary(user)
    if with_roles:
        roles = existing_roles(store, membership["roles"])
        view["roles"] = [{"id": role["id"], "name": role["name"]} for role in roles]
    return view


def _roles_requested(request, selection) -> bool:
    """Roles are listed only when ``fields`` names them, and only with their own scope."""
    requested = selection is not None and selection[1] and "roles" in selection[0]
    if requested:
        require_scope(request, ROLES_SCOPE)
    return requested


@endpoint("organizations/<org_id>/members", scopes=("read:organization_members",))
def members_list(emulator, request, org_id):
    store = emulator.store
    organization_or_404(store, org_id)
    selection = requested_fields(request)
    with_roles = _roles_requested(request, selection)
    memberships = sorted(store.find(COLLECTION, lambda m: m["org_id"] == org_id), key=_joined_order)

    def views(page: list[Document]) -> list[Document]:
        return [select_fields(_member_view(store, m, with_roles), selection) for m in page]

    if not wants_checkpoint(request):
        page = offset_page(request, memberships)
        return json_response(replace(page, items=views(page.items)).body("members"))
    page = checkpoint_page(request, memberships, _joined_order)
    return json_response(replace(page, items=views(page.items)).body("members", until_empty=True))


def _member_roles(store: Store, org_id: str, user_id: str) -> list[str]:
    membership = membership_get(store, org_id, user_id)
    return membership["roles"] if membership else []


@endpoint(
    "organizations/<org_id>/members/<user_id>/roles", scopes=("read:organization_member_roles",)
)
def member_roles_list(emulator, request, org_id, user_id):
    store = emulator.store
    organization_or_404(store, org_id)
    roles = existing_roles(store, _member_roles(store, org_id, user_id))
    page = offset_page(request, [role_summary(role) for role in roles])
    return json_response(page.body("roles"))


@endpoint(
    "organizations/<org_id>/members/<user_id>/roles",
    "POST",
    scopes=("create:organization_member_roles",),
)
def member_roles_assign(emulator, request, org_id, user_id):
    role_ids = validated_body(request, ROLES_SCHEMA)["roles"]
    store = emulator.store
    with store.lock:
        organization_or_404(store, org_id)
        user_or_404(store, user_id)
        for role_id in role_ids:
            role_or_404(store, role_id)
        # Auth0 lets roles be given before membership: the first role makes the member.
        membership = membership_or_new(store, org_id, user_id)
        membership["roles"] += [r for r in dict.fromkeys(role_ids) if r not in membership["roles"]]
        membership_save(store, membership)
    return no_content()


@endpoint(
    "organizations/<org_id>/members/<user_id>/roles",
    "DELETE",
    scopes=("delete:organization_member_roles",),
)
def member_roles_remove(emulator, request, org_id, user_id):
    role_ids = validated_body(request, ROLES_SCHEMA)["roles"]
    store = emulator.store
    with store.lock:
        organization_or_404(store, org_id)
        membership = membership_get(store, org_id, user_id)
        if membership:
            membership["roles"] = [r for r in membership["roles"] if r not in role_ids]
            membership_save(store, membership)
    return no_content()
