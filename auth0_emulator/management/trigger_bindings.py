"""Which deployed actions run, in order, at a trigger.

Stored as ``trigger_bindings[<trigger id>] = {"bindings": [{id, action_id, display_name,
created_at}]}``; answers embed the bound action with its current and deployed versions.
"""

from __future__ import annotations

import uuid

from ..errors import ManagementError, json_response
from ..store import Store
from ..tenant import iso_now
from .actions import (
    BINDINGS_SCHEMA,
    NOT_FOUND,
    TRIGGER_IDS,
    action_or_404,
    action_summary,
    deployed_version,
)
from .documents import Document
from .gate import endpoint
from .pagination import offset_page
from .payload import validated_body

UNKNOWN_TRIGGER = "The trigger does not exist."


def _trigger_or_404(trigger_id: str) -> str:
    if trigger_id not in TRIGGER_IDS:
        raise ManagementError(404, UNKNOWN_TRIGGER)
    return trigger_id


def _bindings(store: Store, trigger_id: str) -> list[Document]:
    return (store.get("trigger_bindings", trigger_id) or {"bindings": []})["bindings"]


def _current_version(version: Document) -> Document:
    """The short form Auth0 uses for an action's latest build inside a binding."""
    keys = ("id", "code", "runtime", "number", "created_at", "updated_at")
    return {**{k: version[k] for k in keys}, "status": "BUILT", "build_time": version["built_at"]}


def _binding_view(store: Store, trigger_id: str, binding: Document) -> Document:
    action = store.get("actions", binding["action_id"])
    deployed = deployed_version(action)
    embedded = {
        **action_summary(action),
        "current_version": _current_version(deployed),
        "deployed_version": {**deployed, "deployed": True},
    }
    return {
        "id": binding["id"],
        "trigger_id": trigger_id,
        "action": embedded,
        "created_at": binding["created_at"],
        "updated_at": binding["created_at"],
        "display_name": binding["display_name"],
    }


def _referenced_action(store: Store, trigger_id: str, ref: Document) -> Document:
    value = ref["value"]
    if ref["type"] == "action_id":
        return action_or_404(store, value)
    if ref["type"] == "binding_id":
        bound = next((b for b in _bindings(store, trigger_id) if b["id"] == value), None)
        return action_or_404(store, bound["action_id"] if bound else "")
    action = store.first("actions", lambda a: a["name"] == value)
    if action is None:
        raise ManagementError(404, NOT_FOUND)
    return action


def _new_binding(store: Store, trigger_id: str, request_binding: Document) -> Document:
    action = _referenced_action(store, trigger_id, request_binding["ref"])
    if deployed_version(action) is None:
        raise ManagementError(
            400, f"Action '{action['name']}' must be deployed before it is bound to a trigger."
        )
    previous = next((b for b in _bindings(store, trigger_id) if b["action_id"] == action["id"]), {})
    return {
        "id": previous.get("id", str(uuid.uuid4())),
        "action_id": action["id"],
        "display_name": request_binding.get("display_name", action["name"]),
        "created_at": previous.get("created_at", iso_now()),
    }


@endpoint("actions/triggers/<trigger_id>/bindings", scopes=("read:actions",))
def bindings_list(emulator, request, trigger_id):
    store = emulator.store
    _trigger_or_404(trigger_id)
    views = [_binding_view(store, trigger_id, b) for b in _bindings(store, trigger_id)]
    page = offset_page(request, views)
    return json_response({"bindings": page.items, "total": page.total, "per_page": page.per_page})


@endpoint("actions/triggers/<trigger_id>/bindings", "PATCH", scopes=("update:actions",))
def bindings_replace(emulator, request, trigger_id):
    """The request's list replaces the trigger's bindings, in order."""
    _trigger_or_404(trigger_id)
    requested = validated_body(request, BINDINGS_SCHEMA)["bindings"]
    store = emulator.store
    with store.lock:
        bindings = [_new_binding(store, trigger_id, b) for b in requested]
        store.put("trigger_bindings", trigger_id, {"bindings": bindings})
        views = [_binding_view(store, trigger_id, b) for b in bindings]
    return json_response({"bindings": views})
