"""Organizations: create, list (offset or checkpoint), read by id or name, update, delete."""

from __future__ import annotations

from dataclasses import replace

from ..errors import ManagementError, json_response
from ..metadata import merge_metadata
from ..store import Store
from ..tenant import iso_now, new_id
from .documents import Document, created, no_content, public
from .gate import endpoint
from .organization_connections import ENABLE_SCHEMA, connection_view, enabled_connection
from .pagination import checkpoint_page, offset_page, wants_checkpoint
from .payload import check_schema, invalid_payload, validated_body
from .references import ORGANIZATION_NOT_FOUND, organization_or_404

NAME_TAKEN = "An organization with this name already exists."

_PROPERTIES = {
    "name": {
        "type": "string",
        "minLength": 1,
        "maxLength": 50,
        "format": "organization-name",
        "description": "The name of this organization.",
    },
    "display_name": {
        "type": "string",
        "minLength": 1,
        "maxLength": 255,
        "description": "Friendly name of this organization.",
    },
    "branding": {
        "type": "object",
        "description": "Theme defines how to style the login pages.",
        "properties": {
            "logo_url": {"type": "string", "description": "URL of logo to display on login page."},
            "colors": {
                "type": "object",
                "description": "Color scheme used to customize the login pages.",
                "required": ["primary", "page_background"],
                "properties": {
                    "primary": {"type": "string", "description": "HEX Color for primary elements."},
                    "page_background": {
                        "type": "string",
                        "description": "HEX Color for background.",
                    },
                },
            },
        },
    },
    "metadata": {
        "type": "object",
        "maxProperties": 25,
        "additionalProperties": {"type": ["string", "null"], "maxLength": 255},
        "description": "Metadata associated with the organization, in the form of an object with"
        " string values (max 255 chars).  Maximum of 25 metadata properties allowed.",
    },
}
CREATE_SCHEMA = {
    "type": "object",
    "required": ["name"],
    "properties": {
        **_PROPERTIES,
        "enabled_connections": {
            "type": "array",
            "maxItems": 10,
            "items": ENABLE_SCHEMA,
            "description": "Connections that will be enabled for this organization. See POST"
            " enabled_connections endpoint for the object format. (Max of 10 connections"
            " allowed)",
        },
    },
}
UPDATE_SCHEMA = {"type": "object", "properties": _PROPERTIES}


def _ensure_name_free(store: Store, name: str, *, owner_id: str | None = None) -> None:
    clash = store.first("organizations", lambda o: o["name"] == name and o["id"] != owner_id)
    if clash:
        raise ManagementError(409, NAME_TAKEN)


def _created_order(organization: Document) -> tuple[str, str]:
    return organization["_created_at"], organization["id"]


@endpoint("organizations", "POST", scopes=("create:organizations",))
def organization_create(emulator, request):
    body = validated_body(request, CREATE_SCHEMA)
    store = emulator.store
    with store.lock:
        _ensure_name_free(store, body["name"])
        enabled = [enabled_connection(store, e) for e in body.pop("enabled_connections", [])]
        organization = {
            **body,
            "id": new_id("org_"),
            "_created_at": iso_now(),
            "_enabled_connections": enabled,
        }
        if "metadata" in body:
            organization["metadata"] = merge_metadata({}, body["metadata"])
        store.put("organizations", organization["id"], organization)
    return created(_created_view(store, organization))


def _created_view(store: Store, organization: Document) -> Document:
    """Auth0 answers a create with the connections it enabled, which reads leave out."""
    view = public(organization)
    if organization["_enabled_connections"]:
        entries = organization["_enabled_connections"]
        view["enabled_connections"] = [connection_view(store, entry) for entry in entries]
    return view


@endpoint("organizations", scopes=("read:organizations", "read:organizations_summary"))
def organization_list(emulator, request):
    organizations = sorted(emulator.store.all("organizations"), key=_created_order)
    if wants_checkpoint(request):
        page = checkpoint_page(request, organizations, _created_order)
        return json_response(
            replace(page, items=[public(o) for o in page.items]).body("organizations")
        )
    page = offset_page(request, [public(o) for o in organizations])
    return json_response(page.body("organizations"))


@endpoint("organizations/<org_id>", scopes=("read:organizations",))
def organization_get(emulator, request, org_id):
    return json_response(public(organization_or_404(emulator.store, org_id)))


@endpoint("organizations/name/<name>", scopes=("read:organizations",))
def organization_get_by_name(emulator, request, name):
    organization = emulator.store.first("organizations", lambda o: o["name"] == name)
    if organization is None:
        raise ManagementError(404, ORGANIZATION_NOT_FOUND)
    return json_response(public(organization))


@endpoint("organizations/<org_id>", "PATCH", scopes=("update:organizations",))
def organization_update(emulator, request, org_id):
    changes = validated_body(request, UPDATE_SCHEMA)
    store = emulator.store
    with store.lock:
        organization = organization_or_404(store, org_id)
        if "name" in changes:
            _ensure_name_free(store, changes["name"], owner_id=org_id)
        if "metadata" in changes:
            changes["metadata"] = _merged_metadata(organization, changes["metadata"])
        organization.update(changes)
        store.put("organizations", org_id, organization)
    return json_response(public(organization))


def _merged_metadata(organization: Document, changes: Document) -> Document:
    """The metadata after a PATCH, which must keep within the limits a create is held to."""
    merged = merge_metadata(organization.get("metadata"), changes)
    violations = list(check_schema(merged, _PROPERTIES["metadata"], "metadata"))
    if violations:
        raise invalid_payload(violations)
    return merged


@endpoint("organizations/<org_id>", "DELETE", scopes=("delete:organizations",))
def organization_delete(emulator, request, org_id):
    store = emulator.store
    with store.lock:
        organization_or_404(store, org_id)
        # Members carry their roles in this organization, so both go with the memberships.
        store.delete_where("members", lambda m: m["org_id"] == org_id)
        store.delete_where("invitations", lambda i: i["organization_id"] == org_id)
        store.delete("organizations", org_id)
    return no_content()
