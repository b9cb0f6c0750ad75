"""Users of the database connection: CRUD, search, roles, and ending sessions and tokens."""

from __future__ import annotations

import re

from ..errors import ManagementError, json_response
from ..metadata import merge_metadata
from ..password_policy import password_policy
from ..passwords import hash_password
from ..store import Store
from ..tenant import iso_now
from ..users import new_database_user
from .documents import Document, created, no_content, public, requested_fields, select_fields
from .gate import endpoint
from .pagination import offset_page
from .payload import (
    QueryParam,
    invalid_payload,
    invalid_query,
    missing,
    query_values,
    validated_body,
)
from .references import (
    existing_roles,
    grant_role,
    role_or_404,
    role_summary,
    user_or_404,
    user_role_key,
)

PASSWORD_TOO_WEAK = "PasswordStrengthError: Password is too weak"

_NAME_PARTS = {
    "given_name": "The user's given name(s).",
    "family_name": "The user's family name(s).",
    "name": "The user's full name.",
    "nickname": "The user's nickname.",
}
_PROFILE_PROPERTIES = {
    "email": {"type": "string", "format": "email", "description": "The user's email."},
    "username": {
        "type": "string",
        "minLength": 1,
        "maxLength": 128,
        "description": "The user's username. Only valid if the connection requires a username.",
    },
    **{
        field: {"type": "string", "minLength": 1, "description": description}
        for field, description in _NAME_PARTS.items()
    },
    "picture": {
        "type": "string",
        "format": "strict-uri",
        "description": "A URI pointing to the user's picture.",
    },
    "blocked": {
        "type": "boolean",
        "description": "Whether this user was blocked by an administrator (true) or not (false).",
    },
    "email_verified": {
        "type": "boolean",
        "description": "Whether this email address is verified (true) or unverified (false).",
    },
    "verify_email": {
        "type": "boolean",
        "description": "Whether the user will receive a verification email (true) or no email"
        " (false).",
    },
    "password": {"type": "string", "minLength": 1, "description": "The user's password."},
    "connection": {
        "type": "string",
        "minLength": 1,
        "description": "Name of the connection to target for this user update.",
    },
    "app_metadata": {
        "type": "object",
        "description": "Data related to the user that does affect the application's core"
        " functionality.",
    },
    "user_metadata": {
        "type": "object",
        "description": "Data related to the user that does not affect the application's core"
        " functionality.",
    },
}
CREATE_SCHEMA = {
    "type": "object",
    "required": ["connection"],
    "properties": {
        **_PROFILE_PROPERTIES,
        "user_id": {
            "type": "string",
            "description": "The external user's id provided by the identity provider.",
        },
    },
}
UPDATE_SCHEMA = {"type": "object", "properties": _PROFILE_PROPERTIES}
# Request-only properties: they steer the call and are never stored on the profile.
_DIRECTIVES = ("connection", "password", "verify_email", "user_id")

ROLE_CHANGE_SCHEMA = {
    "type": "object",
    "required": ["roles"],
    "properties": {
        "roles": {
            "type": "array",
            "items": {"type": "string"},
            "minItems": 1,
            "description": "List of roles IDs to associate with the user.",
        }
    },
}

_SEARCHABLE = ("email", "user_id", "username", "name", "nickname")
_SEARCH_TERM = re.compile(r'(\w+):(?:"([^"]*)"|(\S+))')
LIST_PARAMS = (
    QueryParam("q", "string", "Query in Lucene query string syntax."),
    QueryParam("search_engine", "string", "The version of the search engine"),
)


def user_view(user: Document, request) -> Document:
    return select_fields(public(user), requested_fields(request))


def _ensure_connection(store: Store, name: str) -> None:
    if store.get("connections", name) is None:
        raise ManagementError(400, "The connection does not exist.", "inexistent_connection")


def _hashed_password(emulator, password: str) -> str:
    """The hash of a password that meets the connection's policy (Auth0 names no rule here).

    Hashing is slow on purpose, so callers do it before taking the store's lock."""
    if password_policy(emulator).unmet_rules(password):
        raise ManagementError(400, PASSWORD_TOO_WEAK)
    return hash_password(password)


def _ensure_email_free(store: Store, connection: str, email: str, owner_id: str = "") -> None:
    clash = store.first(
        "users",
        lambda u: (
            u.get("email") == email
            and u["user_id"] != owner_id
            and any(i["connection"] == connection for i in u["identities"])
        ),
    )
    if clash:
        raise ManagementError(409, "The user already exists.", "auth0_idp_error")


@endpoint("users", "POST", scopes=("create:users",))
def user_create(emulator, request):
    body = validated_body(request, CREATE_SCHEMA)
    store = emulator.store
    _ensure_connection(store, body["connection"])
    for required in ("email", "password"):
        if required not in body:
            raise invalid_payload(missing(required))
    user = new_database_user(
        {key: value for key, value in body.items() if key not in _DIRECTIVES},
        password_hash=_hashed_password(emulator, body["password"]),
        connection=body["connection"],
        local_id=body.get("user_id"),
    )
    with store.lock:
        _ensure_email_free(store, body["connection"], user["email"])
        store.put("users", user["user_id"], user)
    return created(public(user))


def _matches(user: Document, terms: list[tuple[str, str]]) -> bool:
    return all(str(user.get(field, "")).lower() == value.lower() for field, value in terms)


def _search_terms(query: str) -> list[tuple[str, str]]:
    terms = [(field, quoted or bare) for field, quoted, bare in _SEARCH_TERM.findall(query)]
    unsupported = [field for field, _ in terms if field not in _SEARCHABLE]
    if unsupported or (query.strip() and not terms):
        raise ManagementError(
            400,
            f"Only exact matches on {', '.join(_SEARCHABLE)} are supported, got: {query}",
            "invalid_query",
        )
    return terms


@endpoint("users", scopes=("read:users",))
def user_list(emulator, request):
    terms = _search_terms(query_values(request, LIST_PARAMS).get("q", ""))
    users = [user_view(u, request) for u in emulator.store.all("users") if _matches(u, terms)]
    page = offset_page(request, users)
    if not page.include_totals:
        return json_response(page.items)
    body = page.body("users")
    return json_response({**body, "length": len(page.items)})


@endpoint("users-by-email", scopes=("read:users",))
def user_list_by_email(emulator, request):
    email = request.args.get("email")
    if not email:
        raise invalid_query(missing("email"))
    users = emulator.store.find("users", lambda u: u.get("email") == email.lower())
    return json_response([user_view(u, request) for u in users])


@endpoint("users/<user_id>", scopes=("read:users", "read:current_user"))
def user_get(emulator, request, user_id):
    return json_response(user_view(user_or_404(emulator.store, user_id), request))


def _apply_changes(
    store: Store, user: Document, changes: Document, password_hash: str | None
) -> None:
    if "email" in changes:
        changes["email"] = changes["email"].lower()
        connection = user["identities"][0]["connection"]
        _ensure_email_free(store, connection, changes["email"], user["user_id"])
    for key in ("app_metadata", "user_metadata"):
        if key in changes:
            changes[key] = merge_metadata(user.get(key), changes[key])
    now = iso_now()
    if password_hash:
        user["_password_hash"] = password_hash
        user["last_password_reset"] = now
    user.update({k: v for k, v in changes.items() if k not in _DIRECTIVES})
    user["updated_at"] = now


@endpoint(
    "users/<user_id>",
    "PATCH",
    scopes=("update:users", "update:users_app_metadata", "update:current_user_metadata"),
)
def user_update(emulator, request, user_id):
    changes = validated_body(request, UPDATE_SCHEMA)
    password = changes.get("password")
    password_hash = _hashed_password(emulator, password) if password else None
    store = emulator.store
    with store.lock:
        user = user_or_404(store, user_id)
        _apply_changes(store, user, changes, password_hash)
        store.put("users", user_id, user)
    return json_response(public(user))


@endpoint("users/<user_id>", "DELETE", scopes=("delete:users",))
def user_delete(emulator, request, user_id):
    """Deleting is idempotent in Auth0: an unknown id also answers 204."""
    store = emulator.store
    with store.lock:
        for collection in ("members", "user_roles", "sessions", "refresh_tokens"):
            store.delete_where(collection, lambda doc: doc["user_id"] == user_id)
        store.delete("users", user_id)
    return no_content()


@endpoint("users/<user_id>/roles", scopes=("read:users", "read:roles", "read:role_members"))
def user_roles_list(emulator, request, user_id):
    store = emulator.store
    user_or_404(store, user_id)
    links = store.find("user_roles", lambda link: link["user_id"] == user_id)
    roles = existing_roles(store, [link["role_id"] for link in links])
    page = offset_page(request, [role_summary(role) for role in roles])
    return json_response(page.body("roles"))


@endpoint("users/<user_id>/roles", "POST", scopes=("update:users", "create:role_members"))
def user_roles_assign(emulator, request, user_id):
    role_ids = validated_body(request, ROLE_CHANGE_SCHEMA)["roles"]
    store = emulator.store
    with store.lock:
        user_or_404(store, user_id)
        for role_id in role_ids:
            role_or_404(store, role_id)
        for role_id in role_ids:
            grant_role(store, user_id, role_id)
    return no_content()


@endpoint("users/<user_id>/roles", "DELETE", scopes=("update:users", "delete:role_members"))
def user_roles_remove(emulator, request, user_id):
    role_ids = validated_body(request, ROLE_CHANGE_SCHEMA)["roles"]
    store = emulator.store
    with store.lock:
        user_or_404(store, user_id)
        for role_id in role_ids:
            store.delete("user_roles", user_role_key(user_id, role_id))
    return no_content()


@endpoint("users/<user_id>/sessions", "DELETE", scopes=("delete:sessions",))
def user_sessions_end(emulator, request, user_id):
    """Auth0 accepts the request (202) and ends the sessions; here they end at once."""
    store = emulator.store
    user_or_404(store, user_id)
    store.delete_where("sessions", lambda session: session["user_id"] == user_id)
    return json_response({}, 202)


@endpoint("users/<user_id>/refresh-tokens", "DELETE", scopes=("delete:refresh_tokens",))
def user_refresh_tokens_revoke(emulator, request, user_id):
    store = emulator.store
    user_or_404(store, user_id)
    store.delete_where("refresh_tokens", lambda token: token["user_id"] == user_id)
    return json_response({}, 202)
