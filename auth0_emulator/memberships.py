"""Organization memberships as the store keeps them, for the Management API and sign-in alike.

A membership is the ``members`` document ``"<org_id>|<user_id>"``: ``{org_id, user_id,
roles, created_at}``, the roles being the ids of those the member holds in the organization.
"""

from __future__ import annotations

from typing import Any

from .store import Store
from .tenant import iso_now

COLLECTION = "members"


def membership_key(org_id: str, user_id: str) -> str:
    return f"{org_id}|{user_id}"


def membership_get(store: Store, org_id: str, user_id: str) -> dict[str, Any] | None:
    return store.get(COLLECTION, membership_key(org_id, user_id))


def membership_or_new(store: Store, org_id: str, user_id: str) -> dict[str, Any]:
    """The membership, or a new one without roles that is not saved yet."""
    existing = membership_get(store, org_id, user_id)
    return existing or {"org_id": org_id, "user_id": user_id, "roles": [], "created_at": iso_now()}


def membership_save(store: Store, membership: dict[str, Any]) -> dict[str, Any]:
    key = membership_key(membership["org_id"], membership["user_id"])
    return store.put(COLLECTION, key, membership)
