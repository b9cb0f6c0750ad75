"""Looking up an API (resource server) by its identifier, for sign-in and the Management API."""

from __future__ import annotations

from typing import Any

from .store import Store


def resource_server_by_identifier(store: Store, identifier: str | None) -> dict[str, Any] | None:
    if not identifier:
        return None
    return store.first("resource_servers", lambda server: server["identifier"] == identifier)
