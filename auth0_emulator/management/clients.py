"""Clients (applications): list, read, create, update and delete.

Auth0 shows ``client_secret`` when a client is created, and otherwise only to tokens with
``read:client_keys`` or ``read:client_credentials``.
"""

from __future__ import annotations

from ..errors import ManagementError, json_response
from ..tenant import new_id
from .documents import Document, created, no_content, public, requested_fields, select_fields
from .gate import endpoint, has_any_scope
from .pagination import offset_page
from .payload import validated_body

NOT_FOUND = "The client does not exist"
SECRET_SCOPES = ("read:client_keys", "read:client_credentials")
READ_SCOPES = ("read:clients", "read:client_keys", "read:client_credentials")

APP_TYPES = [
    "native", "spa", "regular_web", "non_interactive", "resource_server",
    "express_configuration", "rms", "box", "cloudbees", "concur", "dropbox", "mscrm",
    "echosign", "egnyte", "newrelic", "office365", "salesforce", "sentry", "sharepoint",
    "slack", "springcm", "zendesk", "zoom", "sso_integration", "oag",
]  # fmt: skip
GRANT_TYPES = [
    "authorization_code", "implicit", "refresh_token", "client_credentials", "password",
    "http://auth0.com/oauth/grant-type/password-realm",
    "http://auth0.com/oauth/grant-type/mfa-oob",
    "http://auth0.com/oauth/grant-type/mfa-otp",
    "http://auth0.com/oauth/grant-type/mfa-recovery-code",
    "http://auth0.com/oauth/grant-type/passwordless/otp",
    "urn:ietf:params:oauth:grant-type:device_code",
    "urn:ietf:params:oauth:grant-type:token-exchange",
    "urn:openid:params:grant-type:ciba",
]  # fmt: skip

# What Auth0 fills in for a client created with just a name.
DEFAULTS = {
    "is_first_party": True,
    "is_token_endpoint_ip_header_trusted": False,
    "oidc_conformant": False,
    "sso_disabled": False,
    "cross_origin_auth": False,
    "grant_types": ["authorization_code", "implicit", "refresh_token", "client_credentials"],
    "custom_login_page_on": True,
    "refresh_token": {
        "rotation_type": "non-rotating",
        "expiration_type": "non-expiring",
        "leeway": 0,
        "token_lifetime": 2592000,
        "infinite_token_lifetime": True,
        "infinite_idle_token_lifetime": True,
        "idle_token_lifetime": 1296000,
    },
}


def _url_list(description: str) -> dict:
    return {"type": "array", "items": {"type": "string"}, "description": description}


PROPERTIES = {
    "name": {
        "type": "string",
        "minLength": 1,
        "description": "The name of the client. Must contain at least one character. Does not"
        " allow '<' or '>'.",
    },
    "description": {
        "type": "string",
        "maxLength": 140,
        "description": "Free text description of this client (max length: 140 characters).",
    },
    "app_type": {"type": "string", "enum": APP_TYPES, "description": "The type of application"},
    "callbacks": _url_list(
        "A set of URLs that are valid to call back from Auth0 when authenticating users."
    ),
    "allowed_logout_urls": _url_list("URLs that are valid to redirect to after logout from Auth0."),
    "allowed_origins": _url_list("A set of URLs that represents valid origins for CORS."),
    "web_origins": _url_list("A set of URLs that represents valid web origins."),
    "grant_types": {
        "type": "array",
        "items": {"type": "string", "enum": GRANT_TYPES},
        "description": "A set of grant types that the client is authorized to use.",
    },
    "initiate_login_uri": {
        "type": "string",
        "format": "absolute-https-uri-or-empty",
        "description": "Initiate login uri, must be https",
    },
    "organization_usage": {
        "type": "string",
        "enum": ["deny", "allow", "require"],
        "description": "Defines how to proceed during an authentication transaction with"
        " regards an organization. Can be `deny` (default), `allow` or `require`.",
    },
    "organization_require_behavior": {
        "type": "string",
        "enum": ["no_prompt", "pre_login_prompt", "post_login_prompt"],
        "description": "Defines how to proceed during an authentication transaction when"
        " `client.organization_usage: 'require'`. Can be `no_prompt` (default),"
        " `pre_login_prompt` or  `post_login_prompt`. `post_login_prompt` requires"
        " `oidc_conformant: true`.",
    },
    "token_endpoint_auth_method": {
        "type": "string",
        "enum": ["none", "client_secret_post", "client_secret_basic"],
        "description": "Defines the requested authentication method for the token endpoint.",
    },
    "jwt_configuration": {"type": "object", "description": "Configuration related to JWTs."},
    "refresh_token": {"type": "object", "description": "Refresh token configuration"},
    "client_metadata": {
        "type": "object",
        "maxProperties": 10,
        "description": "Metadata associated with the client.",
    },
}
CREATE_SCHEMA = {"type": "object", "required": ["name"], "properties": PROPERTIES}
UPDATE_SCHEMA = {"type": "object", "properties": PROPERTIES}


def client_or_404(store, client_id: str) -> Document:
    client = store.get("clients", client_id)
    if client is None:
        raise ManagementError(404, NOT_FOUND, "inexistent_client")
    return client


def _view(client: Document, request) -> Document:
    shown = public(client)
    if not has_any_scope(request, SECRET_SCOPES):
        shown.pop("client_secret", None)
    return select_fields(shown, requested_fields(request))


@endpoint("clients", "POST", scopes=("create:clients",))
def client_create(emulator, request):
    body = validated_body(request, CREATE_SCHEMA)
    jwt_configuration = body.pop("jwt_configuration", {"lifetime_in_seconds": 36000})
    client = {
        **DEFAULTS,
        **body,
        "client_id": new_id(length=32),
        "client_secret": new_id(length=64),
        "jwt_configuration": {"secret_encoded": False, **jwt_configuration},
    }
    emulator.store.put("clients", client["client_id"], client)
    return created(public(client))


@endpoint("clients", scopes=READ_SCOPES)
def client_list(emulator, request):
    clients = [_view(client, request) for client in emulator.store.all("clients")]
    return json_response(offset_page(request, clients).body("clients"))


@endpoint("clients/<client_id>", scopes=READ_SCOPES)
def client_get(emulator, request, client_id):
    return json_response(_view(client_or_404(emulator.store, client_id), request))


@endpoint("clients/<client_id>", "PATCH", scopes=("update:clients", "update:client_keys"))
def client_update(emulator, request, client_id):
    changes = validated_body(request, UPDATE_SCHEMA)
    store = emulator.store
    with store.lock:
        client = client_or_404(store, client_id)
        client.update(changes)
        store.put("clients", client_id, client)
    return json_response(_view(client, request))


@endpoint("clients/<client_id>", "DELETE", scopes=("delete:clients",))
def client_delete(emulator, request, client_id):
    """Idempotent in Auth0: an unknown id also answers 204. The client's grants go with it."""
    store = emulator.store
    with store.lock:
        store.delete_where("client_grants", lambda grant: grant["client_id"] == client_id)
        store.delete("clients", client_id)
    return no_content()
