"""The emulator's tenant state: JSON documents in named collections, persisted to SQLite.

Reads are served from memory; every write goes through to the SQLite file (when one is
given) before the call returns, so a restarted emulator comes back with the same users,
organizations, memberships, keys and refresh tokens. Documents keep insertion order,
which is what list endpoints page over.

Collections and their documents (Auth0's API shapes; keys starting with ``_`` are internal
and never returned by the API):

    clients           client_id -> Auth0 client (+ client_secret, callbacks, organization_*)
    client_grants     id -> {client_id, audience, scope[]}
    resource_servers  id -> {identifier, name, scopes[], enforce_policies, token_dialect, ...}
    users             user_id -> Auth0 user (+ _password_hash)
    connections       name -> {id, name, strategy, options?}   (the database connection)
    organizations     id -> {id, name, display_name, branding?, metadata, _created_at,
                      _enabled_connections[{connection_id, assign_membership_on_login,
                      show_as_button, is_signup_enabled}]}
    members           "<org_id>|<user_id>" -> {org_id, user_id, roles[role ids], created_at}
    roles             id -> {id, name, description, _permissions[{resource_server_identifier,
                      permission_name}]}
    user_roles        "<user_id>|<role_id>" -> {user_id, role_id}   (roles outside organizations)
    invitations       id -> Auth0 invitation (organization_id, ticket_id, roles, expires_at, …);
                      deleted when accepted
    actions           id -> Auth0 action (+ _versions[Auth0 action version], _deployed_version_id,
                      and the deployed version's code in _deployed_code)
    trigger_bindings  trigger id ("post-login") -> {bindings[{id, action_id, display_name,
                      created_at}]}
    tenant_settings   "tenant" -> Auth0 tenant settings
    signing_keys      kid -> {kid, private_pem, created_at, status}
    sessions          id -> {id, user_id, created_at, updated_at, authenticated_at, clients[],
                      authentication, _auth_time, _secret_hash}
                      (SSO sessions; the ``auth0`` cookie is "<id>.<secret>")
    transactions      id -> a sign-in in progress: /authorize parameters, initiating_request
                      {method, query, body}, device_id, user_id
    codes             code -> {grant, custom_claims{access_token, id_token}, redirect_uri,
                      code_challenge, code_challenge_method, expires_at, used_at, family_id}
    refresh_tokens    id -> {id, token_hash, user_id, client_id, session_id, created_at, expires_at,
                      idle_expires_at, rotating, resource_servers[], rotated_at, _family_id,
                      _idle_lifetime, _grant}
    userinfo_tokens   sha256(token) -> {user_id, client_id, scope, expires_at}  (opaque tokens)
    outbox            id -> {id, to, subject, body, invitation_url, invitation_id, organization_id,
                      created_at}
"""

from __future__ import annotations

import copy
import json
import sqlite3
import threading
from collections.abc import Callable, Iterator
from typing import Any

Document = dict[str, Any]


class Store:
    """Thread-safe document store; one instance per emulated tenant."""

    def __init__(self, path: str | None = None) -> None:
        self._lock = threading.RLock()
        self._data: dict[str, dict[str, Document]] = {}
        self._db = sqlite3.connect(path or ":memory:", check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS documents ("
            " collection TEXT NOT NULL, id TEXT NOT NULL, body TEXT NOT NULL,"
            " PRIMARY KEY (collection, id))"
        )
        self._db.commit()
        self._load()

    def _load(self) -> None:
        rows = self._db.execute("SELECT collection, id, body FROM documents ORDER BY rowid")
        for collection, doc_id, body in rows:
            self._data.setdefault(collection, {})[doc_id] = json.loads(body)

    @property
    def lock(self) -> threading.RLock:
        """Hold this to make a read-check-write sequence atomic."""
        return self._lock

    def get(self, collection: str, doc_id: str) -> Document | None:
        with self._lock:
            doc = self._data.get(collection, {}).get(doc_id)
            return copy.deepcopy(doc) if doc is not None else None

    def all(self, collection: str) -> list[Document]:
        with self._lock:
            return [copy.deepcopy(d) for d in self._data.get(collection, {}).values()]

    def ids(self, collection: str) -> list[str]:
        with self._lock:
            return list(self._data.get(collection, {}))

    def find(self, collection: str, predicate: Callable[[Document], bool]) -> list[Document]:
        with self._lock:
            return [
                copy.deepcopy(d) for d in self._data.get(collection, {}).values() if predicate(d)
            ]

    def first(self, collection: str, predicate: Callable[[Document], bool]) -> Document | None:
        with self._lock:
            for doc in self._data.get(collection, {}).values():
                if predicate(doc):
                    return copy.deepcopy(doc)
            return None

    def count(self, collection: str) -> int:
        with self._lock:
            return len(self._data.get(collection, {}))

    def put(self, collection: str, doc_id: str, doc: Document) -> Document:
        body = json.dumps(doc, separators=(",", ":"), sort_keys=True)
        with self._lock:
            # A replaced document keeps its position (SQLite's UPSERT keeps the rowid).
            self._db.execute(
                "INSERT INTO documents (collection, id, body) VALUES (?, ?, ?)"
                " ON CONFLICT (collection, id) DO UPDATE SET body = excluded.body",
                (collection, doc_id, body),
            )
            self._db.commit()
            self._data.setdefault(collection, {})[doc_id] = json.loads(body)
        return copy.deepcopy(doc)

    def delete(self, collection: str, doc_id: str) -> bool:
        with self._lock:
            existed = self._data.get(collection, {}).pop(doc_id, None) is not None
            if existed:
                self._db.execute(
                    "DELETE FROM documents WHERE collection = ? AND id = ?", (collection, doc_id)
                )
                self._db.commit()
            return existed

    def delete_where(self, collection: str, predicate: Callable[[Document], bool]) -> int:
        with self._lock:
            doomed = [k for k, d in self._data.get(collection, {}).items() if predicate(d)]
            for doc_id in doomed:
                self.delete(collection, doc_id)
            return len(doomed)

    def items(self, collection: str) -> Iterator[tuple[str, Document]]:
        with self._lock:
            snapshot = [(k, copy.deepcopy(d)) for k, d in self._data.get(collection, {}).items()]
        return iter(snapshot)

    def close(self) -> None:
        with self._lock:
            self._db.close()
