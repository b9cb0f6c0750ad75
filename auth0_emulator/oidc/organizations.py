"""Organizations, memberships and invitations, as sign-in sees them."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from ..memberships import COLLECTION as MEMBERSHIPS
from ..memberships import membership_get, membership_or_new, membership_save
from ..tenant import DATABASE_CONNECTION
from .browser import ErrorPage

# Auth0's words when an organization has no connection a person could sign in through.
NO_CONNECTIONS = "no connections enabled for the organization"


def organization_get(emulator, org_id: str | None) -> dict[str, Any] | None:
    return emulator.store.get("organizations", org_id) if org_id else None


def organization_by_name(emulator, name: str) -> dict[str, Any] | None:
    wanted = name.strip().lower()
    return emulator.store.first("organizations", lambda org: org["name"].lower() == wanted)


def organization_names_allowed(emulator) -> bool:
    """Tenant setting: may ``organization`` be a name, and do tokens carry ``org_name``?"""
    tenant = emulator.store.get("tenant_settings", "tenant") or {}
    return bool(tenant.get("allow_organization_name_in_authentication_api"))


def organization_connection(emulator, org_id: str) -> dict[str, Any] | None:
    """The organization's settings for the database connection, or None if it is not enabled.

    Auth0 signs people in to an organization only through the connections enabled on it; the
    emulator's people all live in its one database connection.
    """
    organization = organization_get(emulator, org_id)
    connection = emulator.store.get("connections", DATABASE_CONNECTION)
    if organization is None or connection is None:
        return None
    entries = organization.get("_enabled_connections", [])
    return next((e for e in entries if e["connection_id"] == connection["id"]), None)


def membership_on_login(emulator, org_id: str, user_id: str) -> dict[str, Any] | None:
    """The membership, or a new one (without roles) if the connection grants it on login."""
    store = emulator.store
    membership = membership_get(store, org_id, user_id)
    connection = organization_connection(emulator, org_id)
    if membership is not None or not (connection and connection["assign_membership_on_login"]):
        return membership
    with store.lock:
        return membership_save(store, membership_or_new(store, org_id, user_id))


def user_organizations(emulator, user_id: str) -> list[dict[str, Any]]:
    memberships = emulator.store.find(MEMBERSHIPS, lambda m: m["user_id"] == user_id)
    organizations = (organization_get(emulator, m["org_id"]) for m in memberships)
    return [org for org in organizations if org]


def not_a_member(user_id: str, org_id: str) -> str:
    """Auth0's words when someone signs in to an organization they do not belong to."""
    return f"user {user_id} is not part of the {org_id} organization"


def invitation_for(emulator, ticket: str, org_id: str | None) -> dict[str, Any]:
    """The open invitation behind ``ticket`` for this organization, or an error page."""
    invitation = emulator.store.first("invitations", lambda i: i.get("ticket_id") == ticket)
    if invitation is None:
        raise ErrorPage("This invitation was not found or has already been used.")
    if _expired(invitation):
        raise ErrorPage("This invitation has expired. Ask for a new one.")
    if invitation["organization_id"] != org_id:
        raise ErrorPage("This invitation is for another organization.")
    return invitation


def invitation_accept(emulator, invitation: dict[str, Any], user: dict[str, Any]) -> None:
    """Make the invitee a member with the invited roles (added to any they have) and close it.

    Auth0 deletes an invitation once it is accepted, so a second use finds nothing.
    """
    if not invitation_is_for(invitation, user):
        invitee = invitation["invitee"]["email"]
        raise ErrorPage(f"This invitation was sent to {invitee}. Sign in with that address.")
    store = emulator.store
    with store.lock:
        member = membership_or_new(store, invitation["organization_id"], user["user_id"])
        member["roles"] += [r for r in invitation.get("roles", []) if r not in member["roles"]]
        membership_save(store, member)
        store.delete("invitations", invitation["id"])


def invitation_is_for(invitation: dict[str, Any], user: dict[str, Any]) -> bool:
    return invitation["invitee"]["email"].lower() == (user.get("email") or "").lower()


def _expired(invitation: dict[str, Any]) -> bool:
    expires_at = datetime.fromisoformat(invitation["expires_at"])
    return expires_at <= datetime.now(UTC)
