"""Client grants: which scopes of which API a client may ask for with client credentials."""

from __future__ import annotations

from ..errors import ManagementError, json_response
from ..resource_servers import resource_server_by_identifier
from ..tenant import new_id
from .clients import client_or_404
from .documents import Document, created, no_content
from .gate import endpoint
from .pagination import checkpoint_page, offset_page, wants_checkpoint
from .payload import validated_body
from .references import RESOURCE_SERVER_NOT_FOUND

NOT_FOUND = "The client grant does not exist."
DUPLICATE = "A client grant for this client and audience already exists."

_SCOPE = {
    "type": "array",
    "items": {"type": "string", "minLength": 1},
    "description": "Scopes allowed for this client grant.",
}
CREATE_SCHEMA = {
    "type": "object",
    "required": ["client_id", "audience"],
    "properties": {
        "client_id": {"type": "string", "description": "ID of the client."},
        "audience": {
            "type": "string",
            "minLength": 1,
            "description": "The audience (API identifier) of this client grant",
        },
        "scope": _SCOPE,
    },
}
UPDATE_SCHEMA = {"type": "object", "properties": {"scope": _SCOPE}}


def _grant_or_404(store, grant_id: str) -> Document:
    grant = store.get("client_grants", grant_id)
    if grant is None:
        raise ManagementError(404, NOT_FOUND)
    return grant


def _grants_for(store, source) -> list[Document]:
    """Grants whose ``audience`` and ``client_id`` equal those given in ``source``."""
    wanted = {key: source[key] for key in ("audience", "client_id") if key in source}
    return store.find(
        "client_grants", lambda g: all(g[key] == value for key, value in wanted.items())
    )


def _by_id(grant: Document) -> tuple[str, str]:
    return "", grant["id"]


@endpoint("client-grants", scopes=("read:client_grants",))
def client_grant_list(emulator, request):
    grants = _grants_for(emulator.store, request.args)
    if wants_checkpoint(request):
        return json_response(checkpoint_page(request, grants, _by_id).body("client_grants"))
    return json_response(offset_page(request, grants).body("client_grants"))


@endpoint("client-grants", "POST", scopes=("create:client_grants",))
def client_grant_create(emulator, request):
    body = validated_body(request, CREATE_SCHEMA)
    store = emulator.store
    with store.lock:
        client_or_404(store, body["client_id"])
        if resource_server_by_identifier(store, body["audience"]) is None:
            raise ManagementError(404, RESOURCE_SERVER_NOT_FOUND)
        if _grants_for(store, body):
            raise ManagementError(409, DUPLICATE)
        grant = {"id": new_id("cgr_"), "scope": [], **body}
        store.put("client_grants", grant["id"], grant)
    return created(grant)


@endpoint("client-grants/<grant_id>", "PATCH", scopes=("update:client_grants",))
def client_grant_update(emulator, request, grant_id):
    changes = validated_body(request, UPDATE_SCHEMA)
    store = emulator.store
    with store.lock:
        grant = {**_grant_or_404(store, grant_id), **changes}
        store.put("client_grants", grant_id, grant)
    return json_response(grant)


@endpoint("client-grants/<grant_id>", "DELETE", scopes=("delete:client_grants",))
def client_grant_delete(emulator, request, grant_id):
    store = emulator.store
    with store.lock:
        _grant_or_404(store, grant_id)
        store.delete("client_grants", grant_id)
    return no_content()
