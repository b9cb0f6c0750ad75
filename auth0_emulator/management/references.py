"""Documents that other resources refer to: lookups that answer Auth0's 404, and short views."""

from __future__ import annotations

from ..errors import ManagementError
from ..resource_servers import resource_server_by_identifier
from ..store import Store
from .documents import Document

ORGANIZATION_NOT_FOUND = "No organization found by that id or name"
USER_NOT_FOUND = "The user does not exist."
ROLE_NOT_FOUND = "The role does not exist."
RESOURCE_SERVER_NOT_FOUND = "The resource server does not exist"


def organization_or_404(store: Store, org_id: str) -> Document:
    organization = store.get("organizations", org_id)
    if organization is None:
        raise ManagementError(404, ORGANIZATION_NOT_FOUND)
    return organization


def user_or_404(store: Store, user_id: str) -> Document:
    user = store.get("users", user_id)
    if user is None:
        raise ManagementError(404, USER_NOT_FOUND, "inexistent_user")
    return user


def role_or_404(store: Store, role_id: str) -> Document:
    role = store.get("roles", role_id)
    if role is None:
        raise ManagementError(404, ROLE_NOT_FOUND)
    return role


def resource_server_find(store: Store, id_or_identifier: str) -> Document | None:
    """Auth0 accepts a resource server's id or its (URL-encoded) identifier."""
    return store.get("resource_servers", id_or_identifier) or resource_server_by_identifier(
        store, id_or_identifier
    )


def resource_server_or_404(store: Store, id_or_identifier: str) -> Document:
    server = resource_server_find(store, id_or_identifier)
    if server is None:
        raise ManagementError(404, RESOURCE_SERVER_NOT_FOUND)
    return server


def role_summary(role: Document) -> Document:
    return {key: role[key] for key in ("id", "name", "description") if key in role}


def user_summary(user: Document) -> Document:
    """How Auth0 lists a user among an organization's members or a role's users."""
    keys = ("user_id", "email", "picture", "name")
    return {key: user[key] for key in keys if key in user}


def existing_roles(store: Store, role_ids: list[str]) -> list[Document]:
    """The roles among ``role_ids`` that still exist, in that order."""
    roles = (store.get("roles", role_id) for role_id in role_ids)
    return [role for role in roles if role is not None]


def user_role_key(user_id: str, role_id: str) -> str:
    return f"{user_id}|{role_id}"


def grant_role(store: Store, user_id: str, role_id: str) -> None:
    """Give a user a role outside any organization."""
    store.put(
        "user_roles", user_role_key(user_id, role_id), {"user_id": user_id, "role_id": role_id}
    )
