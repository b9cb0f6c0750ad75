"""Connections enabled on an organization (kept on the organization as
``_enabled_connections``), and whether signing in through one makes a member."""

from __future__ import annotations

from ..errors import ManagementError, json_response
from ..store import Store
from .documents import Document, created, no_content
from .gate import endpoint
from .pagination import offset_page
from .payload import validated_body
from .references import organization_or_404

CONNECTION_NOT_FOUND = "The connection does not exist."
NOT_ENABLED = "The connection is not enabled for this organization."
ALREADY_ENABLED = "The connection is already enabled for this organization."

DEFAULTS = {"assign_membership_on_login": False, "show_as_button": True, "is_signup_enabled": False}
_SETTINGS = {
    "assign_membership_on_login": {
        "type": "boolean",
        "description": "When true, all users that log in with this connection will be"
        " automatically granted membership in the organization.",
    },
    "show_as_button": {
        "type": "boolean",
        "description": "Determines whether a connection should be displayed on this"
        " organization’s login prompt.",
    },
    "is_signup_enabled": {
        "type": "boolean",
        "description": "Determines whether organization signup should be enabled for this"
        " organization connection.",
    },
}
ENABLE_SCHEMA = {
    "type": "object",
    "required": ["connection_id"],
    "properties": {
        "connection_id": {
            "type": "string",
            "description": "Single connection ID to add to the organization.",
        },
        **_SETTINGS,
    },
}
UPDATE_SCHEMA = {"type": "object", "properties": _SETTINGS}


def enabled_connection(store: Store, settings: Document) -> Document:
    """A validated entry of ``_enabled_connections`` from an enable request."""
    connection_id = settings["connection_id"]
    if store.first("connections", lambda c: c["id"] == connection_id) is None:
        raise ManagementError(404, CONNECTION_NOT_FOUND, "inexistent_connection")
    return {**DEFAULTS, **settings}


def connection_view(store: Store, entry: Document) -> Document:
    connection = store.first("connections", lambda c: c["id"] == entry["connection_id"]) or {}
    details = {key: connection.get(key) for key in ("name", "strategy")}
    return {**entry, "connection": details}


def _enabled_entry(organization: Document, connection_id: str) -> Document:
    """The organization's own entry (changing it changes the organization)."""
    for entry in organization.get("_enabled_connections", []):
        if entry["connection_id"] == connection_id:
            return entry
    raise ManagementError(404, NOT_ENABLED)


@endpoint("organizations/<org_id>/enabled_connections", scopes=("read:organization_connections",))
def enabled_connections_list(emulator, request, org_id):
    store = emulator.store
    entries = organization_or_404(store, org_id).get("_enabled_connections", [])
    page = offset_page(request, [connection_view(store, entry) for entry in entries])
    return json_response(page.body("enabled_connections"))


@endpoint(
    "organizations/<org_id>/enabled_connections",
    "POST",
    scopes=("create:organization_connections",),
)
def enabled_connection_add(emulator, request, org_id):
    settings = validated_body(request, ENABLE_SCHEMA)
    store = emulator.store
    with store.lock:
        organization = organization_or_404(store, org_id)
        entries = organization.setdefault("_enabled_connections", [])
        if any(e["connection_id"] == settings["connection_id"] for e in entries):
            raise ManagementError(409, ALREADY_ENABLED)
        entry = enabled_connection(store, settings)
        entries.append(entry)
        store.put("organizations", org_id, organization)
    return created(connection_view(store, entry))


@endpoint(
    "organizations/<org_id>/enabled_connections/<connection_id>",
    scopes=("read:organization_connections",),
)
def enabled_connection_get(emulator, request, org_id, connection_id):
    store = emulator.store
    organization = organization_or_404(store, org_id)
    return json_response(connection_view(store, _enabled_entry(organization, connection_id)))


@endpoint(
    "organizations/<org_id>/enabled_connections/<connection_id>",
    "PATCH",
    scopes=("update:organization_connections",),
)
def enabled_connection_update(emulator, request, org_id, connection_id):
    changes = validated_body(request, UPDATE_SCHEMA)
    store = emulator.store
    with store.lock:
        organization = organization_or_404(store, org_id)
        entry = _enabled_entry(organization, connection_id)
        entry.update(changes)
        store.put("organizations", org_id, organization)
    return json_response(connection_view(store, entry))


@endpoint(
    "organizations/<org_id>/enabled_connections/<connection_id>",
    "DELETE",
    scopes=("delete:organization_connections",),
)
def enabled_connection_remove(emulator, request, org_id, connection_id):
    store = emulator.store
    with store.lock:
        organization = organization_or_404(store, org_id)
        organization["_enabled_connections"].remove(_enabled_entry(organization, connection_id))
        store.put("organizations", org_id, organization)
    return no_content()
