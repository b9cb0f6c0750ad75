"""Connections of the tenant (read-only: the emulator has its one database connection)."""

from __future__ import annotations

from ..errors import json_response
from .documents import Document
from .gate import endpoint
from .pagination import offset_page


def connection_view(connection: Document) -> Document:
    return {
        "id": connection["id"],
        "name": connection["name"],
        "display_name": connection.get("display_name", connection["name"]),
        "strategy": connection["strategy"],
        "options": {},
        "realms": [connection["name"]],
        "is_domain_connection": False,
    }


@endpoint("connections", scopes=("read:connections",))
def connection_list(emulator, request):
    """Auth0 filters by exact ``name`` and by ``strategy`` (repeatable)."""
    name, strategies = request.args.get("name"), request.args.getlist("strategy")
    connections = [
        connection_view(c)
        for c in emulator.store.all("connections")
        if (name is None or c["name"] == name) and (not strategies or c["strategy"] in strategies)
    ]
    return json_response(offset_page(request, connections).body("connections"))
