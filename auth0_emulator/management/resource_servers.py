"""Resource servers (APIs): their scopes are the permissions roles can hold."""

from __future__ import annotations

import secrets

from ..errors import ManagementError, json_response
from ..resource_servers import resource_server_by_identifier
from ..store import Store
from .documents import Document, created, no_content, public
from .gate import endpoint
from .pagination import offset_page
from .payload import Violation, invalid_payload, validated_body
from .references import (
    resource_server_find,
    resource_server_or_404,
)

IDENTIFIER_TAKEN = "A resource server with the same identifier already exists"

DEFAULTS = {
    "signing_alg": "RS256",
    "allow_offline_access": False,
    "token_lifetime": 86400,
    "token_lifetime_for_web": 7200,
    "skip_consent_for_verifiable_first_party_clients": False,
}

_PROPERTIES = {
    "name": {
        "type": "string",
        "minLength": 1,
        "maxLength": 200,
        "description": "Friendly name for this resource server. Can not contain `<` or `>`"
        " characters.",
    },
    "scopes": {
        "type": "array",
        "description": "List of permissions (scopes) that this API uses.",
        "items": {
            "type": "object",
            "required": ["value"],
            "properties": {
                "value": {
                    "type": "string",
                    "minLength": 1,
                    "maxLength": 280,
                    "description": "Value of this scope.",
                },
                "description": {
                    "type": "string",
                    "maxLength": 500,
                    "description": "User-friendly description of this scope.",
                },
            },
        },
    },
    "signing_alg": {
        "type": "string",
        "enum": ["HS256", "RS256", "RS512", "PS256"],
        "description": "Algorithm used to sign JWTs. Can be `HS256` or `RS256`. `PS256` available"
        " via addon.",
    },
    "allow_offline_access": {
        "type": "boolean",
        "description": "Whether refresh tokens can be issued for this API (true) or not (false).",
    },
    "token_lifetime": {
        "type": "integer",
        "minimum": 0,
        "maximum": 2592000,
        "description": "Expiration value (in seconds) for access tokens issued for this API from"
        " the token endpoint.",
    },
    "token_lifetime_for_web": {
        "type": "integer",
        "minimum": 0,
        "description": "Expiration value (in seconds) for access tokens issued for this API via"
        " Implicit or Hybrid Flows.",
    },
    "skip_consent_for_verifiable_first_party_clients": {
        "type": "boolean",
        "description": "Whether to skip user consent for applications flagged as first party"
        " (true) or not (false).",
    },
    "enforce_policies": {
        "type": "boolean",
        "description": "Whether to enforce authorization policies (true) or to ignore them"
        " (false).",
    },
    "token_dialect": {
        "type": "string",
        "enum": ["access_token", "access_token_authz", "rfc9068_profile", "rfc9068_profile_authz"],
        "description": "Dialect of issued access token.",
    },
}
CREATE_SCHEMA = {
    "type": "object",
    "required": ["identifier"],
    "properties": {
        **_PROPERTIES,
        "identifier": {
            "type": "string",
            "minLength": 1,
            "maxLength": 600,
            "description": "Unique identifier for the API used as the audience parameter on"
            " authorization calls. Can not be changed once set.",
        },
    },
}
UPDATE_SCHEMA = {"type": "object", "properties": _PROPERTIES}


def _stored(body: Document) -> Document:
    """What is kept of a request: everything but secrets, which Auth0 never returns."""
    kept = {key: value for key, value in body.items() if key != "signing_secret"}
    if "encryption_key" in kept.get("token_encryption", {}):
        key = {k: v for k, v in kept["token_encryption"]["encryption_key"].items() if k != "pem"}
        kept["token_encryption"] = {**kept["token_encryption"], "encryption_key": key}
    return kept


def _ensure_identifier_free(store: Store, identifier: str) -> None:
    if resource_server_by_identifier(store, identifier):
        raise ManagementError(409, IDENTIFIER_TAKEN, "resource_server_conflict")


@endpoint("resource-servers", "POST", scopes=("create:resource_servers",))
def resource_server_create(emulator, request):
    body = validated_body(request, CREATE_SCHEMA)
    store = emulator.store
    with store.lock:
        _ensure_identifier_free(store, body["identifier"])
        server = {"id": secrets.token_hex(12), **DEFAULTS, **_stored(body)}
        store.put("resource_servers", server["id"], server)
    return created(public(server))


@endpoint("resource-servers", scopes=("read:resource_servers",))
def resource_server_list(emulator, request):
    wanted = request.args.getlist("identifiers")
    servers = emulator.store.find(
        "resource_servers", lambda s: not wanted or s["identifier"] in wanted
    )
    page = offset_page(request, [public(server) for server in servers])
    return json_response(page.body("resource_servers"))


@endpoint("resource-servers/<path:server_id>", scopes=("read:resource_servers",))
def resource_server_get(emulator, request, server_id):
    return json_response(public(resource_server_or_404(emulator.store, server_id)))


@endpoint("resource-servers/<path:server_id>", "PATCH", scopes=("update:resource_servers",))
def resource_server_update(emulator, request, server_id):
    changes = validated_body(request, UPDATE_SCHEMA)
    if "identifier" in changes:
        reason = Violation("Additional properties not allowed: identifier", "", None)
        raise invalid_payload([reason])
    store = emulator.store
    with store.lock:
        server = resource_server_or_404(store, server_id)
        server.update(_stored(changes))
        store.put("resource_servers", server["id"], server)
    return json_response(public(server))


def _without_permissions_of(role: Document, identifier: str) -> Document:
    kept = [p for p in role["_permissions"] if p["resource_server_identifier"] != identifier]
    return {**role, "_permissions": kept}


@endpoint("resource-servers/<path:server_id>", "DELETE", scopes=("delete:resource_servers",))
def resource_server_delete(emulator, request, server_id):
    """Deleting an API also ends its client grants and the role permissions on it."""
    store = emulator.store
    with store.lock:
        server = resource_server_find(store, server_id)
        if server is None:
            return no_content()
        identifier = server["identifier"]
        store.delete_where("client_grants", lambda grant: grant["audience"] == identifier)
        for role_id, role in store.items("roles"):
            store.put("roles", role_id, _without_permissions_of(role, identifier))
        store.delete("resource_servers", server["id"])
    return no_content()
