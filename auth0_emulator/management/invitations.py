"""Organization invitations, and the emails Auth0 would send for them (kept in the outbox).

Auth0 builds ``invitation_url`` from the application's login route (``initiate_login_uri``,
else the tenant's ``default_redirection_uri``) and the ``invitation``, ``organization`` and
``organization_name`` query parameters. Accepting happens at /authorize, which deletes the
invitation.
"""

from __future__ import annotations

import time
from urllib.parse import urlencode

from ..errors import ManagementError, json_response
from ..store import Store
from ..tenant import iso_now, new_id
from .clients import client_or_404
from .documents import Document, created, no_content, public, requested_fields, select_fields
from .gate import endpoint
from .pagination import offset_page
from .payload import validated_body
from .references import organization_or_404, role_or_404

DEFAULT_TTL_SECONDS = 7 * 24 * 3600
MAX_TTL_SECONDS = 30 * 24 * 3600
NOT_FOUND = "The invitation does not exist."
NO_LOGIN_ROUTE = "A default login route is required to generate the invitation url."

CREATE_SCHEMA = {
    "type": "object",
    "required": ["inviter", "invitee", "client_id"],
    "properties": {
        "inviter": {
            "type": "object",
            "required": ["name"],
            "description": "The inviter",
            "properties": {
                "name": {
                    "type": "string",
                    "minLength": 1,
                    "maxLength": 300,
                    "description": "The Inviter's name.",
                }
            },
        },
        "invitee": {
            "type": "object",
            "required": ["email"],
            "description": "The invitee",
            "properties": {
                "email": {
                    "type": "string",
                    "format": "email",
                    "description": "The invitee's email.",
                }
            },
        },
        "client_id": {
            "type": "string",
            "description": "Auth0 client ID. Used to resolve the application's login initiation"
            " endpoint.",
        },
        "connection_id": {
            "type": "string",
            "description": "The id of the connection to force invitee to authenticate with.",
        },
        "app_metadata": {
            "type": "object",
            "description": "Data related to the user that affects the application's core"
            " functionality.",
        },
        "user_metadata": {
            "type": "object",
            "description": "Data related to the user that does not affect the application's core"
            " functionality.",
        },
        "ttl_sec": {
            "type": "integer",
            "minimum": 0,
            "maximum": MAX_TTL_SECONDS,
            "description": "Number of seconds for which the invitation is valid before"
            " expiration. If unspecified or set to 0, this value defaults to 604800 seconds"
            " (7 days). Max value: 2592000 seconds (30 days).",
        },
        "roles": {
            "type": "array",
            "items": {"type": "string"},
            "description": "List of roles IDs to associated with the user.",
        },
        "send_invitation_email": {
            "type": "boolean",
            "description": "Whether the user will receive an invitation email (true) or no email"
            " (false), true by default",
        },
    },
}
_OPTIONAL_FIELDS = ("connection_id", "app_metadata", "user_metadata", "roles")


def _login_route(store: Store, client_id: str) -> str:
    client = client_or_404(store, client_id)
    if client.get("organization_usage", "deny") == "deny":
        raise ManagementError(
            400, f"The specified client_id ({client_id}) does not allow organizations."
        )
    settings = store.get("tenant_settings", "tenant") or {}
    route = client.get("initiate_login_uri") or settings.get("default_redirection_uri")
    if not route:
        raise ManagementError(400, NO_LOGIN_ROUTE)
    return route


def _invitation_url(login_route: str, ticket_id: str, organization: Document) -> str:
    query = urlencode(
        {
            "invitation": ticket_id,
            "organization": organization["id"],
            "organization_name": organization["name"],
        }
    )
    return f"{login_route}{'&' if '?' in login_route else '?'}{query}"


def _new_invitation(body: Document, organization: Document, login_route: str) -> Document:
    ticket_id = new_id(length=32)
    now = time.time()
    ttl = body.get("ttl_sec") or DEFAULT_TTL_SECONDS
    return {
        "id": new_id("uinv_"),
        "organization_id": organization["id"],
        "inviter": body["inviter"],
        "invitee": {"email": body["invitee"]["email"]},
        "client_id": body["client_id"],
        "invitation_url": _invitation_url(login_route, ticket_id, organization),
        "ticket_id": ticket_id,
        "created_at": iso_now(now),
        "expires_at": iso_now(now + ttl),
        **{field: body[field] for field in _OPTIONAL_FIELDS if field in body},
    }


def _invitation_email(invitation: Document, organization: Document) -> Document:
    """What Auth0's default invitation template says, reduced to text."""
    display_name = organization.get("display_name") or organization["name"]
    inviter = invitation["inviter"]["name"]
    return {
        "id": new_id("eml_"),
        "to": invitation["invitee"]["email"],
        "subject": f"You've been invited to join {display_name}",
        "body": (
            f"{inviter} has invited you to join {display_name}.\n\n"
            f"Accept the invitation: {invitation['invitation_url']}\n\n"
            f"The invitation expires at {invitation['expires_at']}."
        ),
        "invitation_url": invitation["invitation_url"],
        "invitation_id": invitation["id"],
        "organization_id": organization["id"],
        "created_at": iso_now(),
    }


@endpoint("organizations/<org_id>/invitations", "POST", scopes=("create:organization_invitations",))
def invitation_create(emulator, request, org_id):
    body = validated_body(request, CREATE_SCHEMA)
    store = emulator.store
    with store.lock:
        organization = organization_or_404(store, org_id)
        login_route = _login_route(store, body["client_id"])
        for role_id in body.get("roles", []):
            role_or_404(store, role_id)
        invitation = _new_invitation(body, organization, login_route)
        store.put("invitations", invitation["id"], invitation)
        if body.get("send_invitation_email", True):
            email = _invitation_email(invitation, organization)
            store.put("outbox", email["id"], email)
    return created(public(invitation))


def _invitation_or_404(store: Store, org_id: str, invitation_id: str) -> Document:
    invitation = store.get("invitations", invitation_id)
    if invitation is None or invitation["organization_id"] != org_id:
        raise ManagementError(404, NOT_FOUND, "inexistent_invitation")
    return invitation


@endpoint("organizations/<org_id>/invitations", scopes=("read:organization_invitations",))
def invitation_list(emulator, request, org_id):
    store = emulator.store
    organization_or_404(store, org_id)
    selection = requested_fields(request)
    invitations = store.find("invitations", lambda i: i["organization_id"] == org_id)
    page = offset_page(request, [select_fields(public(i), selection) for i in invitations])
    if not page.include_totals:
        return json_response(page.items)
    # Auth0 answers invitations with the number returned as "limit" and no "total".
    return json_response({"invitations": page.items, "start": page.start, "limit": len(page.items)})


@endpoint(
    "organizations/<org_id>/invitations/<invitation_id>",
    scopes=("read:organization_invitations",),
)
def invitation_get(emulator, request, org_id, invitation_id):
    store = emulator.store
    organization_or_404(store, org_id)
    invitation = _invitation_or_404(store, org_id, invitation_id)
    return json_response(select_fields(public(invitation), requested_fields(request)))


@endpoint(
    "organizations/<org_id>/invitations/<invitation_id>",
    "DELETE",
    scopes=("delete:organization_invitations",),
)
def invitation_delete(emulator, request, org_id, invitation_id):
    store = emulator.store
    with store.lock:
        organization_or_404(store, org_id)
        _invitation_or_404(store, org_id, invitation_id)
        store.delete("invitations", invitation_id)
    return no_content()
