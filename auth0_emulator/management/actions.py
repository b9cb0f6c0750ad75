"""Actions: their code, versions, deployment and trigger bindings (stored only; the Post-Login
runtime reads ``_deployed_code``, ``secrets`` and ``trigger_bindings``).

An action is built as soon as it is saved. Deploying makes a new version whose code becomes
``_deployed_code``; like Auth0, the deploy answer still says ``deployed: false`` and later reads
say ``true``. Secret values are kept for the runtime and never returned.
"""

from __future__ import annotations

import uuid

from ..errors import ManagementError, json_response
from ..store import Store
from ..tenant import iso_now
from .documents import Document, created, no_content
from .gate import endpoint
from .pagination import offset_page
from .payload import QueryParam, query_values, validated_body

NOT_FOUND = "That action does not exist."
VERSION_NOT_FOUND = "That action version does not exist."
DEFAULT_RUNTIME = "node22"

# Auth0's trigger catalogue, as recorded; only post-login actions run in the emulator.
TRIGGERS = [
    {"id": "post-login", "version": "v1", "status": "DEPRECATED", "runtimes": ["node12"],
     "default_runtime": "node12", "compatible_triggers": []},
    {"id": "post-login", "version": "v2", "status": "DEPRECATED",
     "runtimes": ["node12", "node16", "node18"], "default_runtime": "node16",
     "compatible_triggers": []},
    {"id": "post-login", "version": "v3", "status": "CURRENT",
     "runtimes": ["node18", "node22"], "default_runtime": DEFAULT_RUNTIME,
     "compatible_triggers": [{"id": "post-login", "version": "v2"}]},
    {"id": "credentials-exchange", "version": "v2", "status": "CURRENT",
     "runtimes": ["node18", "node22"], "default_runtime": DEFAULT_RUNTIME,
     "compatible_triggers": []},
    {"id": "pre-user-registration", "version": "v2", "status": "CURRENT",
     "runtimes": ["node18", "node22"], "default_runtime": DEFAULT_RUNTIME,
     "compatible_triggers": []},
    {"id": "post-user-registration", "version": "v2", "status": "CURRENT",
     "runtimes": ["node18", "node22"], "default_runtime": DEFAULT_RUNTIME,
     "compatible_triggers": []},
    {"id": "post-change-password", "version": "v2", "status": "CURRENT",
     "runtimes": ["node18", "node22"], "default_runtime": DEFAULT_RUNTIME,
     "compatible_triggers": []},
    {"id": "send-phone-message", "version": "v2", "status": "CURRENT",
     "runtimes": ["node18", "node22"], "default_runtime": DEFAULT_RUNTIME,
     "compatible_triggers": []},
]  # fmt: skip
TRIGGER_IDS = sorted({trigger["id"] for trigger in TRIGGERS})

_TRIGGER = {
    "type": "object",
    "required": ["id"],
    "properties": {
        "id": {"type": "string", "enum": TRIGGER_IDS, "description": "An actions extensibility"
               " point."},
        "version": {"type": "string", "description": "The version of a trigger. v1, v2, etc."},
    },
}  # fmt: skip
_PROPERTIES = {
    "name": {
        "type": "string",
        "minLength": 1,
        "description": "The name of an action.",
    },
    "supported_triggers": {
        "type": "array",
        "minItems": 1,
        "items": _TRIGGER,
        "description": "The list of triggers that this action supports. At this time, an action"
        " can only target a single trigger at a time.",
    },
    "code": {"type": "string", "description": "The source code of the action."},
    "dependencies": {
        "type": "array",
        "items": {"type": "object", "required": ["name", "version"]},
        "description": "The list of third party npm modules, and their versions, that this"
        " action depends on.",
    },
    "runtime": {
        "type": "string",
        "description": "The Node runtime. For example: `node22`, defaults to `node22`",
    },
    "secrets": {
        "type": "array",
        "items": {"type": "object", "required": ["name"]},
        "description": "The list of secrets that are included in an action or a version of an"
        " action.",
    },
    "deploy": {
        "type": "boolean",
        "description": "True if the action should be deployed after creation.",
    },
}
CREATE_SCHEMA = {
    "type": "object",
    "required": ["name", "supported_triggers"],
    "properties": _PROPERTIES,
}
UPDATE_SCHEMA = {"type": "object", "properties": _PROPERTIES}
BINDINGS_SCHEMA = {
    "type": "object",
    "required": ["bindings"],
    "properties": {
        "bindings": {
            "type": "array",
            "description": "The actions that will be bound to this trigger. The order in which"
            " they are included will be the order in which they are executed.",
            "items": {
                "type": "object",
                "required": ["ref"],
                "properties": {
                    "ref": {
                        "type": "object",
                        "required": ["type", "value"],
                        "properties": {
                            "type": {
                                "type": "string",
                                "enum": ["binding_id", "action_id", "action_name"],
                                "description": "How the action is being referred to.",
                            },
                            "value": {"type": "string", "description": "The id or name."},
                        },
                    },
                    "display_name": {
                        "type": "string",
                        "description": "The name of the binding.",
                    },
                },
            },
        }
    },
}
LIST_PARAMS = (
    QueryParam("actionName", "string", "The name of the action to retrieve."),
    QueryParam("deployed", "boolean", "Optional filter to only retrieve actions that are"
               " deployed."),
    QueryParam("triggerId", "string", "An actions extensibility point."),
)  # fmt: skip


def action_or_404(store: Store, action_id: str) -> Document:
    action = store.get("actions", action_id)
    if action is None:
        raise ManagementError(404, NOT_FOUND)
    return action


def _secret_names(secrets: list[Document]) -> list[Document]:
    return [{"name": s["name"], "updated_at": s["updated_at"]} for s in secrets]


def action_summary(action: Document) -> Document:
    """The action as its versions and bindings refer to it."""
    keys = ("id", "name", "supported_triggers", "created_at", "updated_at", "all_changes_deployed")
    return {key: action[key] for key in keys}


def version_view(action: Document, version: Document) -> Document:
    deployed = version["id"] == action.get("_deployed_version_id")
    return {**version, "deployed": deployed, "action": action_summary(action)}


def action_view(action: Document) -> Document:
    view = {key: value for key, value in action.items() if not key.startswith("_")}
    view["secrets"] = _secret_names(action["secrets"])
    deployed = deployed_version(action)
    if deployed:
        view["deployed_version"] = {**deployed, "deployed": True}
    return view


def deployed_version(action: Document) -> Document | None:
    wanted = action.get("_deployed_version_id")
    return next((v for v in action["_versions"] if v["id"] == wanted), None)


def _merged_secrets(current: list[Document], given: list[Document], now: str) -> list[Document]:
    """A secret sent without a value keeps the value it had."""
    values = {secret["name"]: secret["value"] for secret in current}
    return [
        {"name": s["name"], "value": s.get("value", values.get(s["name"])), "updated_at": now}
        for s in given
    ]


def _built(dependencies: list[Document]) -> list[Document]:
    """Dependencies as Auth0 shows them once an action is built: name and version only."""
    return [{"name": d["name"], "version": d["version"]} for d in dependencies]


def _deploy(action: Document) -> Document:
    """Make the action's current code a new deployed version; return that version."""
    now = iso_now()
    version = {
        "id": str(uuid.uuid4()),
        "code": action["code"],
        "dependencies": action["dependencies"],
        "runtime": action["runtime"],
        "supported_triggers": action["supported_triggers"],
        "secrets": _secret_names(action["secrets"]),
        "number": len(action["_versions"]) + 1,
        "status": "built",
        "created_at": now,
        "updated_at": now,
        "built_at": now,
    }
    action["_versions"].append(version)
    action.update(
        _deployed_version_id=version["id"], _deployed_code=action["code"], all_changes_deployed=True
    )
    return version


@endpoint("actions/actions", "POST", scopes=("create:actions",))
def action_create(emulator, request):
    body = validated_body(request, CREATE_SCHEMA)
    now = iso_now()
    action = {
        "id": str(uuid.uuid4()),
        "name": body["name"],
        "supported_triggers": body["supported_triggers"],
        "code": body.get("code", ""),
        "dependencies": _built(body.get("dependencies", [])),
        "runtime": body.get("runtime", DEFAULT_RUNTIME),
        "secrets": _merged_secrets([], body.get("secrets", []), now),
        "status": "built",
        "all_changes_deployed": False,
        "created_at": now,
        "updated_at": now,
        "_versions": [],
    }
    if body.get("deploy"):
        _deploy(action)
    emulator.store.put("actions", action["id"], action)
    return created(action_view(action))


def _listed(action: Document, filters: dict) -> bool:
    if "actionName" in filters and filters["actionName"] != action["name"]:
        return False
    if "deployed" in filters and filters["deployed"] != ("_deployed_version_id" in action):
        return False
    triggers = {trigger["id"] for trigger in action["supported_triggers"]}
    return "triggerId" not in filters or filters["triggerId"] in triggers


@endpoint("actions/actions", scopes=("read:actions",))
def action_list(emulator, request):
    filters = query_values(request, LIST_PARAMS)
    actions = [action_view(a) for a in emulator.store.all("actions") if _listed(a, filters)]
    page = offset_page(request, actions)
    return json_response({"actions": page.items, "total": page.total, "per_page": page.per_page})


@endpoint("actions/actions/<action_id>", scopes=("read:actions",))
def action_get(emulator, request, action_id):
    return json_response(action_view(action_or_404(emulator.store, action_id)))


@endpoint("actions/actions/<action_id>", "PATCH", scopes=("update:actions",))
def action_update(emulator, request, action_id):
    changes = validated_body(request, UPDATE_SCHEMA)
    store = emulator.store
    with store.lock:
        action = action_or_404(store, action_id)
        now = iso_now()
        if "secrets" in changes:
            changes["secrets"] = _merged_secrets(action["secrets"], changes["secrets"], now)
        if "dependencies" in changes:
            changes["dependencies"] = _built(changes["dependencies"])
        changes.pop("deploy", None)
        action.update(changes, updated_at=now, all_changes_deployed=False)
        store.put("actions", action_id, action)
    return json_response(action_view(action))


def _unbind(store: Store, action_id: str) -> None:
    for trigger_id, doc in store.items("trigger_bindings"):
        kept = [b for b in doc["bindings"] if b["action_id"] != action_id]
        store.put("trigger_bindings", trigger_id, {"bindings": kept})


@endpoint("actions/actions/<action_id>", "DELETE", scopes=("delete:actions",))
def action_delete(emulator, request, action_id):
    store = emulator.store
    with store.lock:
        action_or_404(store, action_id)
        _unbind(store, action_id)
        store.delete("actions", action_id)
    return no_content()


@endpoint("actions/actions/<action_id>/deploy", "POST", scopes=("create:actions",))
def action_deploy(emulator, request, action_id):
    store = emulator.store
    with store.lock:
        action = action_or_404(store, action_id)
        version = _deploy(action)
        store.put("actions", action_id, action)
    # Auth0 deploys in the background: its answer still reads "deployed": false.
    answer = {**version_view(action, version), "deployed": False}
    answer.pop("built_at")
    return json_response(answer)


@endpoint("actions/actions/<action_id>/versions", scopes=("read:actions",))
def action_versions_list(emulator, request, action_id):
    action = action_or_404(emulator.store, action_id)
    versions = [version_view(action, v) for v in reversed(action["_versions"])]
    page = offset_page(request, versions)
    return json_response({"versions": page.items, "total": page.total, "per_page": page.per_page})


@endpoint("actions/actions/<action_id>/versions/<version_id>", scopes=("read:actions",))
def action_version_get(emulator, request, action_id, version_id):
    action = action_or_404(emulator.store, action_id)
    version = next((v for v in action["_versions"] if v["id"] == version_id), None)
    if version is None:
        raise ManagementError(404, VERSION_NOT_FOUND)
    return json_response(version_view(action, version))


@endpoint("actions/triggers", scopes=("read:actions",))
def trigger_list(emulator, request):
    return json_response({"triggers": TRIGGERS})
