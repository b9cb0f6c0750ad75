"""Tenant settings: read and update (``flags`` merge key by key, as in Auth0)."""

from __future__ import annotations

from ..errors import json_response
from .documents import requested_fields, select_fields
from .gate import endpoint
from .payload import validated_body

UPDATE_SCHEMA = {
    "type": "object",
    "properties": {
        "friendly_name": {
            "type": "string",
            "description": "Friendly name for this tenant.",
        },
        "allow_organization_name_in_authentication_api": {
            "type": "boolean",
            "description": "Whether to accept an organization name instead of an ID on auth"
            " endpoints",
        },
        "default_redirection_uri": {
            "type": "string",
            "format": "absolute-https-uri-or-empty",
            "description": "The default absolute redirection uri, must be https",
        },
        "default_audience": {
            "type": "string",
            "description": "Default audience for API authorization.",
        },
        "flags": {
            "type": "object",
            "description": "Flags used to change the behavior of this tenant.",
        },
    },
}


@endpoint("tenants/settings", scopes=("read:tenant_settings",))
def tenant_settings_get(emulator, request):
    settings = emulator.store.get("tenant_settings", "tenant")
    return json_response(select_fields(settings, requested_fields(request)))


@endpoint("tenants/settings", "PATCH", scopes=("update:tenant_settings",))
def tenant_settings_update(emulator, request):
    changes = validated_body(request, UPDATE_SCHEMA)
    store = emulator.store
    with store.lock:
        settings = store.get("tenant_settings", "tenant")
        flags = {**settings.get("flags", {}), **changes.pop("flags", {})}
        settings.update(changes, flags=flags)
        store.put("tenant_settings", "tenant", settings)
    return json_response(settings)
