"""Auth0 post-login ``event`` objects as Auth0 passes them, and the claim contract to check."""

from __future__ import annotations

import copy
import json
from pathlib import Path

from django.conf import settings
from jsonschema import Draft202012Validator

from auth0_emulator.actions import DeployedAction

ROOT = Path(__file__).resolve().parents[2]
POST_LOGIN_SOURCE = (ROOT / "auth0" / "actions" / "post-login.js").read_text()
CONTRACT = Draft202012Validator(
    json.loads((ROOT / "service_auth/contract.schema.json").read_text())
)

ORG_ID = "org_Hf9UNU0EQOLcvFyx"
OTHER_ORG_ID = "org_2bXc1aQ0m5Vd9L0p"
USER_ID = "auth0|65f1c0ffee0000000000abcd"

_EVENT = {
    "authentication": {"methods": [{"name": "pwd", "timestamp": "2025-03-14T09:26:53.589Z"}]},
    "authorization": {"roles": ["admin", "member"]},
    "client": {"client_id": "portal-test-client", "name": "Tenant portal", "metadata": {}},
    "connection": {
        "id": "con_Hx8qWbE2mN4pLk7R",
        "name": "Username-Password-Authentication",
        "strategy": "auth0",
        "metadata": {},
    },
    "organization": {"id": ORG_ID, "name": "acme", "display_name": "Acme Ltd", "metadata": {}},
    # An interactive login: the request is the browser's /authorize that started it.
    "request": {
        "ip": "127.0.0.1",
        "method": "GET",
        "hostname": "127.0.0.1",
        "language": "en",
        "user_agent": "Mozilla/5.0",
        "geoip": {},
        "query": {
            "response_type": "code",
            "client_id": "portal-test-client",
            "redirect_uri": "http://127.0.0.1:8000/complete/auth0/",
            "scope": "openid profile email",
            "state": "b1k3xQ",
            "organization": ORG_ID,
            "audience": "https://api.tenant-portal.test/",
        },
        "body": {},
    },
    "resource_server": {"identifier": "https://api.tenant-portal.test/"},
    "session": {"id": "s8Pq2cLm0vXy4TnR7aBd"},
    "stats": {"logins_count": 4},
    "tenant": {"id": "tenant-portal-dev"},
    "transaction": {
        "id": "tx_8f2a1c9e",
        "locale": "en",
        "protocol": "oidc-basic-profile",
        "requested_scopes": ["openid", "profile", "email"],
        "redirect_uri": "http://127.0.0.1:8000/complete/auth0/",
        "response_mode": "query",
        "response_type": ["code"],
        "state": "b1k3xQ",
        "ui_locales": [],
        "acr_values": [],
    },
    "user": {
        "user_id": USER_ID,
        "email": "ada@acme.test",
        "email_verified": True,
        "name": "Ada Lovelace",
        "nickname": "ada",
        "picture": "https://s.gravatar.com/avatar/ada.png",
        "created_at": "2025-01-02T10:00:00.000Z",
        "updated_at": "2025-03-14T09:26:53.000Z",
        "identities": [
            {
                "connection": "Username-Password-Authentication",
                "provider": "auth0",
                "user_id": "65f1c0ffee0000000000abcd",
                "isSocial": False,
            }
        ],
        "app_metadata": {},
        "user_metadata": {},
    },
    "secrets": {},
}


def event_with_entitlements(entitlements_by_org: dict, **changes) -> dict:
    """An organization login by a user with these entitlements; ``changes`` replace event keys."""
    event = copy.deepcopy({**_EVENT, **changes})
    event["user"]["app_metadata"] = copy.deepcopy(entitlements_by_org)
    return event


def claims_action(namespace: str | None = None) -> DeployedAction:
    """Our Action as it is deployed: the source file and its CLAIMS_NAMESPACE secret."""
    return DeployedAction(
        name="Tenant portal claims",
        code=POST_LOGIN_SOURCE,
        secrets={"CLAIMS_NAMESPACE": namespace or settings.AUTH0_CLAIMS_NAMESPACE},
    )


def contract_claims(access_token_claims: dict) -> dict:
    """Our claims with the namespace prefix removed, after checking them against the schema."""
    namespace = settings.AUTH0_CLAIMS_NAMESPACE
    assert all(name.startswith(namespace) for name in access_token_claims), access_token_claims
    ours = {name.removeprefix(namespace): value for name, value in access_token_claims.items()}
    CONTRACT.validate(ours)
    return ours
